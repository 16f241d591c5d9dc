using System.Data.Common;
using Microsoft.Extensions.Logging;
using Quartz;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Once the scheduler runs, picks up what a stop or a crash left mid-way: a batch whose preflight did not finish starts it again,
/// and every mailbox of a running batch that was waiting for or in the middle of a pass runs now instead of at its
/// next scheduled slot (Quartz re-runs a job killed mid-run by itself; a pass stopped by a shutdown it does not).
/// A database lost meanwhile is waited for (<see cref="StoreWrites"/>): every step is safe to take twice.
/// </summary>
public sealed class BatchRecovery(IBatchStore store, BatchScheduler scheduler, StartedBatchJobs started, StoreWrites writes, ILogger<BatchRecovery> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await writes.UntilStoredAsync("the pick-up of unfinished batches", () => RecoverAsync(cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or SchedulerException)
        {
            // SQLite's or PostgreSQL's (DbException covers both), still away after the retries. The host still starts (its
            // readiness check reports the store); the batches wait for the next start.
            var cause = DatabaseFailure.CauseOf(ex) ?? ex;
            Log.BatchRecoveryFailed(logger, cause.GetType().Name, cause.Message);
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var batch in await store.ListLiveAsync(cancellationToken))
        {
            if (batch.State is BatchState.Created or BatchState.Validating)
            {
                await scheduler.ScheduleStartAsync(batch, cancellationToken);
                continue;
            }

            // A batch started before its watch and report existed gets them now; an existing schedule is kept as it is.
            if (batch.State is BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Completing)
                await started.EnsureAlertsAsync(batch, cancellationToken);

            if (batch.State is not (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Completing))
                continue;
            // Cut off between "Syncing" and scheduling its mailboxes: they are scheduled now, and run at once.
            var users = await store.UsersAsync(batch.Id, cancellationToken);
            var scheduled = await started.EnsureMailboxJobsAsync(batch, users, cancellationToken);
            foreach (var user in users.Where(u => !scheduled.Contains(u.EmailAddress)))
            {
                if (user.State is UserState.Queued or UserState.Syncing or UserState.IncrementalSyncing or UserState.Completing
                    || (batch.State == BatchState.Completing && user.State is UserState.Synced or UserState.Failed))
                    await scheduler.TriggerMailboxAsync(batch.Id, user.EmailAddress, cancellationToken);
            }
        }
    }
}
