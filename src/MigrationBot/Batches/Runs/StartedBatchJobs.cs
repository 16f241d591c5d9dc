using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// What a started batch must have scheduled, made sure of wherever a start may have been cut off after "Syncing": by
/// <see cref="BatchStarter"/> itself (it schedules through here, and a start run again finds its batch started) and by
/// <see cref="BatchRecovery"/> at the host's start.
/// </summary>
public sealed class StartedBatchJobs(IBatchStore store, BatchScheduler scheduler, TimeProvider time)
{
    /// <summary>
    /// A mailbox job for every user waiting for a pass that has none: a queued user's at once, a failed one's (it failed
    /// its preflight) at the first incremental sync while the initial sync runs, else at once. A user in any other state got
    /// there by a pass of its job, and a job that exists is kept as it is (its schedule, the pass it may be running).
    /// Those missing are scheduled together, in one transaction.
    /// </summary>
    /// <returns>The users scheduled now.</returns>
    public async Task<IReadOnlyList<string>> EnsureMailboxJobsAsync(Batch batch, IReadOnlyList<BatchUser> users, CancellationToken cancellationToken)
    {
        var waiting = users.Where(u => u.State is UserState.Queued or UserState.Failed).ToList();
        var missing = (await scheduler.WithoutMailboxJobAsync(batch.Id, waiting.Select(u => u.EmailAddress), cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (missing.Count == 0)
            return [];
        var now = time.GetUtcNow();
        var later = now + batch.Settings.IncrementalInterval;
        // A user that failed preflight is tried again at the first incremental sync (or at once by "retry").
        var due = waiting.Where(u => missing.Contains(u.EmailAddress))
            .Select(u => (u.EmailAddress, u.State == UserState.Failed && batch.State == BatchState.Syncing ? later : now))
            .ToList();
        await scheduler.ScheduleMailboxesAsync(batch, due, cancellationToken);
        return [.. due.Select(d => d.EmailAddress)];
    }

    /// <summary>The batch's watch and daily report, due from its start (the move to Syncing); a schedule that exists is kept as it is.</summary>
    public async Task EnsureAlertsAsync(Batch batch, CancellationToken cancellationToken)
    {
        var started = (await store.HistoryAsync(batch.Id, cancellationToken)).FirstOrDefault(c => c.EmailAddress is null && c.To == nameof(BatchState.Syncing))?.At;
        await scheduler.ScheduleAlertsAsync(batch, started ?? batch.UpdatedAt, replace: false, cancellationToken);
    }
}
