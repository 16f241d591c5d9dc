namespace MigrationBot.Batches.Lifecycle;

/// <summary>Where a migration batch stands (Exchange's batch states, DESIGN.md §2 and §5).</summary>
public enum BatchState
{
    /// <summary>Gathered from the form, nothing run yet.</summary>
    Created,
    /// <summary>Preflight: source and target logins, folder plans, sizes.</summary>
    Validating,
    /// <summary>The initial sync runs.</summary>
    Syncing,
    /// <summary>Every user synced; incremental syncs follow on schedule until completion is approved.</summary>
    Synced,
    /// <summary>Synced, some users or items with errors.</summary>
    SyncedWithErrors,
    /// <summary>An incremental sync runs.</summary>
    IncrementalSyncing,
    /// <summary>Approved: the final incremental sync runs.</summary>
    Completing,
    Completed,
    CompletedWithErrors,
    /// <summary>Asked to stop (or pause): the running syncs are being cancelled.</summary>
    Stopping,
    /// <summary>Stopped or paused; resumable.</summary>
    Stopped,
    /// <summary>Stopped by a failure the batch cannot go on from by itself; resumable.</summary>
    Failed,
    /// <summary>Being removed: jobs and stored credentials purged, migrated mail left in place.</summary>
    Removing,
}
