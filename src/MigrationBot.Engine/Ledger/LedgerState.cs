namespace MigrationBot.Engine.Ledger;

/// <summary>Where one source message stands with respect to the target.</summary>
public enum LedgerState
{
    /// <summary>An APPEND may have been sent; on restart the target is searched for it before any re-APPEND.</summary>
    InFlight = 0,
    /// <summary>The target holds the message at <see cref="LedgerEntry.TargetUid"/>.</summary>
    Committed = 1,
    /// <summary>
    /// The message is no longer in its source folder (moved or deleted there); its copy is still on the target at
    /// <see cref="LedgerEntry.TargetUid"/>, to be moved where the message reappears, or kept (or mirrored) if it does not.
    /// </summary>
    Vanished = 2,
}
