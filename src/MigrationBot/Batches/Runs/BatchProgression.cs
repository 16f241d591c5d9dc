using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Moves a batch on when its users have: Syncing or IncrementalSyncing → Synced (or SyncedWithErrors) once no user is
/// waiting or syncing; Completing → Completed (or CompletedWithErrors) once every user's final sync ended, which
/// also deletes the batch's jobs and purges its credentials. Called after every pass; moves are compare-and-set,
/// so two passes ending at once move the batch once.
/// </summary>
public sealed class BatchProgression(
    IBatchStore store, BatchScheduler scheduler, BatchPosts posts, ProgressBoard progress, NoticeService notices, ILogger<BatchProgression> logger)
{
    public const string Cause = "engine";

    public async Task AdvanceAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        if (batch is null)
            return;
        var users = await store.UsersAsync(batchId, cancellationToken);
        var failed = users.Count(u => u.State == UserState.Failed);
        switch (batch.State)
        {
            case BatchState.Syncing or BatchState.IncrementalSyncing
                when users.All(u => u.State is UserState.Synced or UserState.Failed or UserState.Skipped):
                var synced = failed == 0 ? BatchState.Synced : BatchState.SyncedWithErrors;
                if (await store.MoveAsync(batch.Id, batch.State, synced, Cause, cancellationToken) && batch.State == BatchState.Syncing)
                    await posts.PostTextAsync(batch, SyncedText(batch, users.Count - failed, failed), cancellationToken);
                break;
            case BatchState.Completing when users.All(u => u.State is UserState.Completed or UserState.Failed or UserState.Skipped):
                var completed = failed == 0 ? BatchState.Completed : BatchState.CompletedWithErrors;
                if (await store.MoveAsync(batch.Id, BatchState.Completing, completed, Cause, cancellationToken))
                {
                    await scheduler.DeleteAsync(batch.Id, cancellationToken);
                    await store.PurgeSecretsAsync(batch.Id, cancellationToken);
                    Log.BatchCompleted(logger, batch.Name, completed.ToString());
                    await posts.PostTextAsync(batch, CompletedText(batch, users, completed), cancellationToken);
                    await scheduler.ScheduleFollowUpAsync(batch, cancellationToken);
                    await notices.TellEveryoneAsync(batch, NoticeKind.Moved, cancellationToken);
                }

                break;
        }

        progress.Changed(batch.Id);
    }

    private static string SyncedText(Batch batch, int synced, int failed) =>
        $"**{batch.Name}** finished its initial sync: {synced} user(s) synced" + (failed > 0 ? $", {failed} failed (see the progress card)" : "") +
        $". It syncs again every {batch.Settings.IncrementalInterval.TotalHours:0.#} h. When you are ready to cut over, an approver presses **Approve completion** on the progress card, or types `complete batch {batch.Name}`.";

    private static string CompletedText(Batch batch, IReadOnlyList<BatchUser> users, BatchState state) =>
        $"**{batch.Name}** is {state}: {users.Count(u => u.State == UserState.Completed)} of {users.Count} user(s) completed, " +
        $"{users.Sum(u => u.Totals.Copied)} items copied. Its stored credentials were purged and it no longer syncs; the migrated mail stays in place. " +
        $"After switching MX, type `remove batch {batch.Name}`.";
}
