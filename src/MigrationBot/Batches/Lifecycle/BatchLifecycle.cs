using static MigrationBot.Batches.Lifecycle.BatchState;

namespace MigrationBot.Batches.Lifecycle;

/// <summary>
/// The batch lifecycle, one table. Stopped and Failed are reachable from every active state and resumable;
/// Removing is reachable from every state but itself, and ends the batch.
/// </summary>
public static class BatchLifecycle
{
    public static TransitionTable<BatchState> Table { get; } = new(new Dictionary<BatchState, BatchState[]>
    {
        [Created] = [Validating, Stopping, Stopped, Failed, Removing],
        [Validating] = [Syncing, Stopping, Failed, Removing],
        [Syncing] = [Synced, SyncedWithErrors, Stopping, Failed, Removing],
        [Synced] = [IncrementalSyncing, Completing, Stopping, Failed, Removing],
        [SyncedWithErrors] = [IncrementalSyncing, Completing, Stopping, Failed, Removing],
        // Approval may come while an incremental round runs: the running passes end, then every user's final sync runs.
        [IncrementalSyncing] = [Synced, SyncedWithErrors, Completing, Stopping, Failed, Removing],
        [Completing] = [Completed, CompletedWithErrors, Stopping, Failed, Removing],
        [Completed] = [Removing],
        [CompletedWithErrors] = [Completing, Removing],
        [Stopping] = [Stopped, Failed, Removing],
        [Stopped] = [Validating, Syncing, IncrementalSyncing, Completing, Removing],
        [Failed] = [Validating, Syncing, IncrementalSyncing, Completing, Removing],
        [Removing] = [],
    });

    /// <summary>States in which a batch still runs or may run again (its name is taken); Removing ends it.</summary>
    public static bool IsLive(BatchState state) => state != Removing;
}
