namespace MigrationBot.Engine.Ledger;

/// <summary>Where one source message stands with respect to the target.</summary>
public enum LedgerState
{
    /// <summary>An APPEND may have been sent; on restart the target is searched for it before any re-APPEND.</summary>
    InFlight = 0,
    /// <summary>The target holds the message at <see cref="LedgerEntry.TargetUid"/>.</summary>
    Committed = 1,
}
