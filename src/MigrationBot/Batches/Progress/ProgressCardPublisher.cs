using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Cards;
using MigrationBot.Conversations;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// Keeps every batch's progress card current: when a batch changed, its card is redrawn and updated in place, at
/// most once per <see cref="MinInterval"/> per card (Teams throttles updates per conversation); an update that fails
/// stays pending and is tried again on a later tick, so none is lost. The first draw posts the card and remembers it.
/// </summary>
public sealed class ProgressCardPublisher(
    ProgressBoard board, ProgressCardFactory cards, IBatchStore store, ProactiveMessenger messenger, TimeProvider time, ILogger<ProgressCardPublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<Guid, DateTimeOffset> _lastUpdate = [];
    private readonly HashSet<Guid> _pending = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var id in board.TakeChanged())
                _pending.Add(id);
            foreach (var id in _pending.ToList())
            {
                if (_lastUpdate.TryGetValue(id, out var last) && time.GetUtcNow() - last < MinInterval)
                    continue;
                if (await PublishAsync(id, stoppingToken))
                    _pending.Remove(id);
                _lastUpdate[id] = time.GetUtcNow();
            }
        }
    }

    /// <summary>True when the card is current (or there is nothing to draw); false to try again later.</summary>
    private async Task<bool> PublishAsync(Guid batchId, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await store.GetAsync(batchId, cancellationToken);
            if (batch?.ConversationId is null)
                return true;
            var activity = CardAttachments.ToActivity(await cards.BuildAsync(batch, Viewer.ReadOnly, cancellationToken));
            if (batch.ProgressActivityId is { } activityId)
            {
                await messenger.UpdateAsync(batch.ConversationId, activityId, activity, cancellationToken);
            }
            else
            {
                var posted = await messenger.SendAsync(batch.ConversationId, activity, cancellationToken);
                if (posted.Id is { } id)
                    await store.SetProgressActivityAsync(batch.Id, id, cancellationToken);
            }

            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException or System.Data.Common.DbException)
        {
            Log.ProgressCardFailed(logger, batchId, ex.GetType().Name, ex.Message);
            return ex is UnknownConversationException;
        }
    }
}
