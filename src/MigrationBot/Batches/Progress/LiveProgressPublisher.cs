using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// Publishes this replica's running passes to the store every <see cref="Interval"/>: their folder and count for every
/// replica's progress card, and their progress stamps for the stall watch (which runs on one replica, and must not
/// take another replica's busy pass for a stalled one).
/// </summary>
public sealed class LiveProgressPublisher(ProgressBoard board, IBatchStore store, TimeProvider time, ILogger<LiveProgressPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await PublishAsync(stoppingToken);
    }

    /// <summary>One round: every running pass of this replica, as it is now.</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        foreach (var (batchId, live) in board.Running())
        {
            var rate = live.MessagesPerSecond;
            var advanced = live.LastProgress;
            foreach (var (address, pass) in live.Passes)
            {
                try
                {
                    if (advanced.TryGetValue(address, out var at))
                        await store.AdvanceProgressAsync(batchId, address, at, cancellationToken);
                    await store.PublishLiveAsync(batchId, address, new PublishedPass(pass, ReplicaName.Current, rate), cancellationToken);
                }
                catch (DbException ex)
                {
                    // The store is away; the next round publishes what is current then.
                    Log.LivePublishFailed(logger, batchId, ex.GetType().Name, ex.Message);
                    return;
                }
            }
        }
    }
}
