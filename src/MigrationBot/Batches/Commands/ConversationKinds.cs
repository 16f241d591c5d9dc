using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Batches.Commands;

/// <summary>Facts about the conversation an activity came from.</summary>
public static class ConversationKinds
{
    /// <summary>A channel or group chat, where other people read along: no passwords there.</summary>
    public static bool InChannel(InboundActivity activity) =>
        activity.Conversation?.ConversationType is not (null or "personal");
}
