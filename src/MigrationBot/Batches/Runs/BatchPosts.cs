using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Conversations;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Posts a batch's messages (preflight card, "synced", "completed") in the conversation it was started in. A post
/// that fails is logged, never fails the sync it reports on.
/// </summary>
public sealed class BatchPosts(ProactiveMessenger messenger, ILogger<BatchPosts> logger)
{
    public Task PostAsync(Batch batch, AdaptiveCard card, CancellationToken cancellationToken) =>
        SendAsync(batch, CardAttachments.ToActivity(card), cancellationToken);

    public Task PostTextAsync(Batch batch, string text, CancellationToken cancellationToken) =>
        SendAsync(batch, BotFramework.Wire.OutboundActivity.FromText(text), cancellationToken);

    private async Task SendAsync(Batch batch, BotFramework.Wire.OutboundActivity activity, CancellationToken cancellationToken)
    {
        if (batch.ConversationId is null)
            return;
        try
        {
            await messenger.SendAsync(batch.ConversationId, activity, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException or MessageWritesBlockedException)
        {
            Log.BatchPostFailed(logger, batch.Name, ex.GetType().Name, ex.Message);
        }
    }
}
