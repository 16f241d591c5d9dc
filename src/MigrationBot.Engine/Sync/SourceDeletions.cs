namespace MigrationBot.Engine.Sync;

/// <summary>What a pass does on the target with a message that was deleted on the source since an earlier pass.</summary>
public enum SourceDeletions
{
    /// <summary>Leave its copy on the target and list it in the report (the default: nothing on the target is ever lost).</summary>
    Keep,
    /// <summary>
    /// Expunge its copy on the target, so the target mirrors the source. Only a copy this engine appended (by the
    /// ledger's target UID, confirmed by its date, size and key on the target) is ever touched.
    /// </summary>
    Mirror,
}
