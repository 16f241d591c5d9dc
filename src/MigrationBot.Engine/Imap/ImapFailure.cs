namespace MigrationBot.Engine.Imap;

/// <summary>An IMAP failure with its classification and a message an administrator can act on.</summary>
public sealed class ImapFailure : Exception
{
    public ImapFailure(ImapFailureKind kind, string message, Exception? innerException = null, TimeSpan? retryAfter = null, bool busy = false)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
        Busy = busy;
    }

    public ImapFailure()
        : this(ImapFailureKind.Fatal, "IMAP failure")
    {
    }

    public ImapFailure(string message)
        : this(ImapFailureKind.Fatal, message)
    {
    }

    public ImapFailure(string message, Exception innerException)
        : this(ImapFailureKind.Fatal, message, innerException)
    {
    }

    public ImapFailureKind Kind { get; }

    /// <summary>True when the server said it is busy or throttling (as opposed to a dropped connection).</summary>
    public bool Busy { get; }

    /// <summary>A wait the server suggested, if it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
