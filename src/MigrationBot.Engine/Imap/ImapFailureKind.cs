namespace MigrationBot.Engine.Imap;

/// <summary>The one classification every IMAP failure gets, deciding what happens next.</summary>
public enum ImapFailureKind
{
    /// <summary>Worth retrying after a backoff on a new connection: dropped connection, BYE, [UNAVAILABLE], [THROTTLED], timeout.</summary>
    Transient,
    /// <summary>This one message or command was refused; the rest of the mailbox goes on.</summary>
    PerItem,
    /// <summary>Credentials refused: the mailbox fails with a clear reason; retrying does not help.</summary>
    Authentication,
    /// <summary>Server unreachable or TLS failed: the mailbox fails; nothing was changed.</summary>
    Connection,
    /// <summary>Anything else that stops the mailbox.</summary>
    Fatal,
}
