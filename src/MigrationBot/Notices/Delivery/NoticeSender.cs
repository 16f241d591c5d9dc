using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Conversations;
using MigrationBot.Notices.Cards;

namespace MigrationBot.Notices.Delivery;

/// <summary>
/// Delivers one notice to one user, once: a card in their 1:1 chat with the bot (found, or opened through the batch's
/// conversation with their Entra object id); when Teams cannot deliver (no chat, blocked: 403 MessageWritesBlocked),
/// an email. Every attempt is recorded with its channel and reason.
/// </summary>
public sealed class NoticeSender(
    NoticeDeliveryStore deliveries, ConversationStore conversations, ProactiveMessenger messenger, EmailNotices email, ILogger<NoticeSender> logger)
{
    public async Task<NoticeChannel> SendAsync(Batch batch, BatchUser user, NoticeKind kind, string text, CancellationToken cancellationToken)
    {
        if (await deliveries.WasSentAsync(batch.Id, user.EmailAddress, kind, cancellationToken))
            return NoticeChannel.None;
        var card = NoticeCard.Build(kind, batch.Name, text, batch.Id.ToString("D"));

        var teamsFailure = await TrySendToTeamsAsync(batch, user, card, cancellationToken);
        if (teamsFailure is null)
        {
            await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: true, NoticeChannel.Teams, null, cancellationToken);
            return NoticeChannel.Teams;
        }

        var emailFailure = await email.SendAsync(user.EmailAddress, card.FallbackText?.Split(':')[0] ?? "Your mailbox move", text, cancellationToken);
        if (emailFailure is null)
        {
            await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: true, NoticeChannel.Email, "Teams: " + teamsFailure, cancellationToken);
            return NoticeChannel.Email;
        }

        Log.NoticeFailed(logger, batch.Name, user.EmailAddress, kind.ToString(), teamsFailure, emailFailure);
        await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: false, NoticeChannel.None, $"Teams: {teamsFailure}; email: {emailFailure}", cancellationToken);
        return NoticeChannel.None;
    }

    /// <returns>Null when delivered; else why Teams could not.</returns>
    private async Task<string?> TrySendToTeamsAsync(Batch batch, BatchUser user, MigrationBot.Cards.Model.AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (user.Profile.ObjectId is not { Length: > 0 } objectId)
            return "the user's Entra object id is not known (Graph is not configured, or preflight did not find them)";
        try
        {
            var chat = await conversations.FindPersonalAsync(objectId, cancellationToken);
            if (chat is null)
            {
                if (batch.ConversationId is null)
                    return "the user has no chat with the bot, and the batch has no conversation to open one through";
                chat = await messenger.CreatePersonalConversationAsync(batch.ConversationId, objectId, cancellationToken);
            }

            await messenger.SendCardAsync(chat.ConversationId, card, cancellationToken);
            return null;
        }
        catch (MessageWritesBlockedException)
        {
            return "the user blocked or uninstalled the bot (403 MessageWritesBlocked)";
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException)
        {
            return ex.Message;
        }
    }
}
