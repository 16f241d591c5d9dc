namespace MigrationBot.Conversations;

/// <summary>No reference is stored for the conversation: the bot was never installed there, or was removed.</summary>
public sealed class UnknownConversationException(string conversationId)
    : InvalidOperationException($"No stored conversation reference for '{conversationId}'. The bot must be installed in the conversation (it stores one on install and on every message).")
{
    public string ConversationId { get; } = conversationId;
}
