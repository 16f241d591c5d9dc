namespace MigrationBot.Engine.Reports;

/// <summary>How a mailbox's pass ended.</summary>
public enum MailboxOutcome
{
    /// <summary>Every message was copied or is already on the target; skips (by rule) are allowed.</summary>
    Succeeded,
    /// <summary>The pass finished but some messages failed.</summary>
    CompletedWithErrors,
    /// <summary>The source or target refused the credentials.</summary>
    AuthenticationFailed,
    /// <summary>A server could not be reached, or TLS failed.</summary>
    ConnectionFailed,
    /// <summary>Any other failure that stopped the mailbox (error limit reached, protocol failure, the ledger's disk).</summary>
    Failed,
    /// <summary>A failure no rule classifies: a bug in MigrationBot, logged with its stack trace.</summary>
    InternalError,
    /// <summary>Another pass over this mailbox was running (it holds the mailbox's lease); this pass did nothing.</summary>
    AlreadyRunning,
    /// <summary>The run was cancelled (Ctrl-C, a paused batch) before this mailbox's pass finished; what it did is kept.</summary>
    Cancelled,
}
