using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Cli;

/// <summary>The process exit codes, distinct per kind of failure so scripts can react.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    /// <summary>The CSV or an option is wrong; nothing was started.</summary>
    public const int BadInput = 2;
    /// <summary>Every failed mailbox failed because a server could not be reached or TLS failed.</summary>
    public const int Connection = 3;
    /// <summary>Every failed mailbox failed because credentials were refused.</summary>
    public const int Authentication = 4;
    /// <summary>Some mailboxes failed or had failed messages (mixed reasons).</summary>
    public const int PartialFailure = 5;
    /// <summary>verify: source and target differ.</summary>
    public const int Differences = 6;
    /// <summary>Another pass over a mailbox was running (its lease is held); try again when it has finished.</summary>
    public const int AlreadyRunning = 7;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it); the report says what was done.</summary>
    public const int Cancelled = 130;

    /// <summary>The code for a mailbox that failed this way: 3 unreachable, 4 refused login, else 5.</summary>
    public static int For(ImapFailureKind kind) => kind switch
    {
        ImapFailureKind.Connection => Connection,
        ImapFailureKind.Authentication => Authentication,
        _ => PartialFailure,
    };

    /// <summary>The run's code from two mailboxes' codes: the same code stays, success gives way, a mixture is 5.</summary>
    public static int Combine(int run, int mailbox) =>
        run == mailbox || mailbox == Success ? run : run == Success ? mailbox : PartialFailure;

    public static int For(MigrationReport report)
    {
        var failed = report.Mailboxes.Where(m => m.Outcome != MailboxOutcome.Succeeded).ToList();
        if (failed.Count == 0)
            return Success;
        if (failed.Any(m => m.Outcome == MailboxOutcome.Cancelled))
            return Cancelled;
        if (failed.Any(m => m.Outcome == MailboxOutcome.InternalError))
            return Unexpected;
        if (failed.All(m => m.Outcome == MailboxOutcome.AlreadyRunning))
            return AlreadyRunning;
        if (failed.All(m => m.Outcome == MailboxOutcome.ConnectionFailed))
            return Connection;
        if (failed.All(m => m.Outcome == MailboxOutcome.AuthenticationFailed))
            return Authentication;
        return PartialFailure;
    }
}
