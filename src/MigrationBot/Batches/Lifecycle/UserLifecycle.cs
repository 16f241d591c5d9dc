using static MigrationBot.Batches.Lifecycle.UserState;

namespace MigrationBot.Batches.Lifecycle;

/// <summary>The lifecycle of one user (mailbox) in a batch, one table; a failed user is retried from Failed.</summary>
public static class UserLifecycle
{
    public static TransitionTable<UserState> Table { get; } = new(new Dictionary<UserState, UserState[]>
    {
        [Queued] = [Validating, Syncing, Completing, Failed, Skipped],
        [Validating] = [Queued, Syncing, Failed, Skipped],
        [Syncing] = [Synced, Failed, Queued],
        [Synced] = [IncrementalSyncing, Completing, Failed],
        [IncrementalSyncing] = [Synced, Failed, Queued],
        [Completing] = [Completed, Failed],
        [Completed] = [Completing],
        [Failed] = [Queued, Syncing, IncrementalSyncing, Completing, Skipped],
        [Skipped] = [Queued],
    });
}
