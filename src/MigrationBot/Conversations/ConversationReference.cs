using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Conversations;

/// <summary>
/// What the bot needs to speak in a conversation later, without being asked (BOTFRAMEWORK.md §1.3):
/// taken only from authenticated activities, so its <see cref="ServiceUrl"/> may receive the bot's token.
/// </summary>
public sealed record ConversationReference(
    string ConversationId,
    string ServiceUrl,
    string ChannelId,
    string? TenantId,
    string? ConversationType,
    string? BotId,
    string? BotName,
    string? UserId,
    string? UserAadObjectId,
    string? UserName,
    string? TeamId,
    string? TeamsChannelId,
    DateTimeOffset UpdatedAt)
{
    public static ConversationReference? FromActivity(InboundActivity activity, DateTimeOffset now)
    {
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId || activity.ServiceUrl is not { Length: > 0 } serviceUrl)
        {
            return null;
        }

        var data = activity.ChannelData;
        return new ConversationReference(
            conversationId,
            serviceUrl,
            activity.ChannelId ?? "msteams",
            activity.TenantId,
            activity.Conversation.ConversationType,
            activity.Recipient?.Id,
            activity.Recipient?.Name,
            activity.From?.Id,
            activity.From?.AadObjectId,
            activity.From?.Name,
            data?.Team?.Id ?? data?.TeamsTeamId,
            data?.Channel?.Id ?? data?.TeamsChannelId,
            now);
    }
}
