using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Cards.Model;
using MigrationBot.Conversations;
using MigrationBot.Notices.Cards;
using MigrationBot.Notices.Email;
using MigrationBot.Telemetry;

namespace MigrationBot.Notices.Delivery;

/// <summary>
/// Delivers one notice to one user, once: a card in their 1:1 chat with the bot (<see cref="PersonalChatOpener"/>:
/// stored, installed through Graph, or opened through the Connector, by their Entra object id); when Teams cannot
/// deliver (no chat, blocked: 403 MessageWritesBlocked), an email (<see cref="INoticeEmail"/>). Every attempt is
/// recorded with its channel and reason.
/// </summary>
public sealed class NoticeSender(
    NoticeDeliveryStore deliveries, PersonalChatOpener chats, ProactiveMessenger messenger, INoticeEmail email, BotMetrics metrics, ILogger<NoticeSender> logger)
{
    public async Task<NoticeChannel> SendAsync(Batch batch, BatchUser user, NoticeKind kind, string text, CancellationToken cancellationToken)
    {
        if (await deliveries.WasSentAsync(batch.Id, user.EmailAddress, kind, cancellationToken))
            return NoticeChannel.None;
        var card = NoticeCard.Build(kind, batch.Name, text, batch.Id.ToString("D"));

        var (teamsFailure, how) = await TrySendToTeamsAsync(batch, user, card, cancellationToken);
        if (teamsFailure is null)
        {
            await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: true, NoticeChannel.Teams, how, cancellationToken);
            metrics.NoticeDelivered(NoticeChannel.Teams);
            return NoticeChannel.Teams;
        }

        var emailFailure = await email.SendAsync(user.EmailAddress, card.FallbackText?.Split(':')[0] ?? "Your mailbox move", text, cancellationToken);
        if (emailFailure is null)
        {
            await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: true, NoticeChannel.Email, "Teams: " + teamsFailure, cancellationToken);
            metrics.NoticeDelivered(NoticeChannel.Email);
            return NoticeChannel.Email;
        }

        Log.NoticeFailed(logger, batch.Name, user.EmailAddress, kind.ToString(), teamsFailure, emailFailure);
        await deliveries.RecordAsync(batch.Id, user.EmailAddress, kind, sent: false, NoticeChannel.None, $"Teams: {teamsFailure}; email: {emailFailure}", cancellationToken);
        metrics.NoticeDelivered(NoticeChannel.None);
        return NoticeChannel.None;
    }

    /// <returns>No failure when delivered, with how the chat was reached when worth recording; else why Teams could not.</returns>
    private async Task<(string? Failure, string? How)> TrySendToTeamsAsync(Batch batch, BatchUser user, AdaptiveCard card, CancellationToken cancellationToken)
    {
        if (user.Profile.ObjectId is not { Length: > 0 } objectId)
            return ("the user's Entra object id is not known (Graph is not configured, or preflight did not find them)", null);
        var chat = await chats.OpenAsync(batch, objectId, cancellationToken);
        if (chat.Reference is not { } reference)
            return (chat.WhyNot ?? "no 1:1 chat with the user", null);
        try
        {
            await messenger.SendCardAsync(reference.ConversationId, card, cancellationToken);
            return (null, chat.How);
        }
        catch (MessageWritesBlockedException)
        {
            return (Joined(chat.How, "the user blocked or uninstalled the bot (403 MessageWritesBlocked)"), null);
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException)
        {
            return (Joined(chat.How, ex.Message), null);
        }
    }

    private static string Joined(string? how, string failure) => how is null ? failure : $"{how}, but sending there failed: {failure}";
}
