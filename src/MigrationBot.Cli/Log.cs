using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli;

/// <summary>The CLI's log messages (STYLE.md habit 4), to stderr: ids, counts and paths; never passwords or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Information, "{Command}: {Mailboxes} mailbox(es) from {Csv}")]
    public static partial void CommandStarted(ILogger logger, string command, int mailboxes, string csv);

    [LoggerMessage(103, LogLevel.Error, "{Command}: unexpected error; this is a bug in MigrationBot, please report it with this trace")]
    public static partial void UnexpectedError(ILogger logger, string command, Exception exception);

    [LoggerMessage(104, LogLevel.Warning, "Mailbox {Mailbox}: not verified: {Reason}")]
    public static partial void NotVerified(ILogger logger, string mailbox, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Mailbox {Mailbox}: no plan: {Reason}")]
    public static partial void NotPlanned(ILogger logger, string mailbox, string reason);
}
