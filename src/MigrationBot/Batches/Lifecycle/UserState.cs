namespace MigrationBot.Batches.Lifecycle;

/// <summary>Where one user (mailbox) of a batch stands (DESIGN.md §5).</summary>
public enum UserState
{
    Queued,
    Validating,
    Syncing,
    Synced,
    IncrementalSyncing,
    Completing,
    Completed,
    /// <summary>Failed, with its reason; retried by <c>retry</c> or the next sync.</summary>
    Failed,
    /// <summary>Left out (preflight excluded it, as the batch asked).</summary>
    Skipped,
}
