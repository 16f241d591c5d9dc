using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Looks at one running batch for what the IT channel must hear without watching the progress card: users whose passes
/// stalled, and a long throttling episode of the target. Each is posted once per episode.
/// </summary>
public sealed class BatchWatch(
    IBatchStore store, ProgressBoard board, EngineServices engine, TargetLogins target, BatchPosts posts, IOptionsMonitor<AlertOptions> options, TimeProvider time,
    ILogger<BatchWatch> logger)
{
    /// <summary>Posts one card naming the users that stalled since the last look; those already told of are not told again.</summary>
    public async Task CheckStallsAsync(Batch batch, CancellationToken cancellationToken)
    {
        // This process's live passes into the store first: the stamp is the stall's identity, and it must survive a restart.
        if (board.Live(batch.Id) is { } live)
        {
            foreach (var (address, at) in live.LastProgress)
                await store.AdvanceProgressAsync(batch.Id, address, at, cancellationToken);
        }

        // A pass waiting out a throttle copies nothing, rightly; the throttle alert says so instead.
        if (engine.Hosts.ThrottledUntil(target.Endpoint.Host) is not null)
            return;
        var stallAfter = options.CurrentValue.StallAfter;
        var now = time.GetUtcNow();
        var fresh = new List<Stall>();
        foreach (var stall in StallDetector.Find(await store.UsersAsync(batch.Id, cancellationToken), now, stallAfter).Where(s => !s.AlreadyAlerted))
        {
            // Marked before the post (compare-and-set): a restart or a second watcher never posts the same stall twice,
            // at the price of a lost alert when the post itself fails (it is logged).
            if (await store.MarkStallAlertedAsync(batch.Id, stall.EmailAddress, stall.Since, cancellationToken))
                fresh.Add(stall);
        }

        if (fresh.Count == 0)
            return;
        Log.StallAlerted(logger, batch.Name, fresh.Count);
        await posts.PostAsync(batch, StallCard.Build(batch, fresh, stallAfter, now), cancellationToken);
    }

    /// <summary>
    /// Posts the throttling alert when the target's current episode is long enough and was not told yet; returns the
    /// episode now told of (its start), to pass back in at the next look.
    /// </summary>
    public async Task<DateTimeOffset?> CheckThrottleAsync(Batch batch, DateTimeOffset? alertedFor, CancellationToken cancellationToken)
    {
        var host = target.Endpoint.Host;
        if (engine.Hosts.ThrottledSince(host) is not { } since || engine.Hosts.ThrottledUntil(host) is not { } until)
            return alertedFor;
        if (!ThrottleRule.ShouldAlert(since, until, options.CurrentValue.ThrottleAfter, alertedFor))
            return alertedFor;
        Log.ThrottleAlerted(logger, batch.Name, host, until);
        await posts.PostAsync(batch, ThrottleCard.Build(batch, host, since, until, engine.Hosts.LimitFor(host)), cancellationToken);
        return since;
    }
}
