namespace MigrationBot.Engine.Ledger;

/// <summary>Another pass over the same mailbox holds its lease: this pass must not run beside it.</summary>
public sealed class MailboxBusyException : Exception
{
    public MailboxBusyException(string message, DateTimeOffset heldUntil)
        : base(message)
    {
        HeldUntil = heldUntil;
    }

    public MailboxBusyException(string message)
        : base(message)
    {
    }

    public MailboxBusyException()
        : this("another pass over this mailbox is running")
    {
    }

    public MailboxBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the other pass's hold ends unless it renews it (a pass tried after then starts if that pass is gone).</summary>
    public DateTimeOffset? HeldUntil { get; }
}
