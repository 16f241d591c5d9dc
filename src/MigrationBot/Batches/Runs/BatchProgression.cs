using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Conversations;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Moves a batch on when its users have: Syncing or IncrementalSyncing → Synced (or SyncedWithErrors) once no user is
/// waiting or syncing; Completing → Completed (or CompletedWithErrors) once every user's final sync ended, which
/// also deletes the batch's jobs and purges its credentials. Called after every pass; moves are compare-and-set,
/// so two passes ending at once move the batch once, and the IT channel hears of each move once: the synced card (with
/// the approval it now waits for) and the completed summary.
/// </summary>
public sealed class BatchProgression(
    IBatchStore store,
    BatchScheduler scheduler,
    BatchPosts posts,
    ProgressBoard progress,
    NoticeService notices,
    IOptionsMonitor<AuthorizationOptions> authorization,
    PeopleDirectory people,
    TimeProvider time,
    ILogger<BatchProgression> logger)
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
                {
                    var approvers = await people.NamesAsync(authorization.CurrentValue.Approvers.Concat(batch.Settings.Approvers), cancellationToken);
                    var card = SyncedCard.Build(batch, users, approvers, await scheduler.NextSyncAsync(batch.Id, cancellationToken));
                    await posts.PostAsync(batch, card, cancellationToken);
                }

                break;
            case BatchState.Completing when users.All(u => u.State is UserState.Completed or UserState.Failed or UserState.Skipped):
                var completed = failed == 0 ? BatchState.Completed : BatchState.CompletedWithErrors;
                // Purged before the move (every final sync has ended, and purging twice is harmless): whoever reads
                // "Completed" finds no credential left, not one still waiting for the jobs to be deleted.
                await store.PurgeSecretsAsync(batch.Id, cancellationToken);
                if (await store.MoveAsync(batch.Id, BatchState.Completing, completed, Cause, cancellationToken))
                {
                    await scheduler.DeleteAsync(batch.Id, cancellationToken);
                    Log.BatchCompleted(logger, batch.Name, completed.ToString());
                    var startedAt = (await store.HistoryAsync(batch.Id, cancellationToken))
                        .FirstOrDefault(c => c.EmailAddress is null && c.To == nameof(BatchState.Syncing))?.At;
                    await posts.PostAsync(batch, CompletedCard.Build(batch, completed, users, startedAt, time.GetUtcNow()), cancellationToken);
                    await scheduler.ScheduleFollowUpAsync(batch, cancellationToken);
                    await notices.TellEveryoneAsync(batch, NoticeKind.Moved, cancellationToken);
                }

                break;
        }

        progress.Changed(batch.Id);
    }
}
