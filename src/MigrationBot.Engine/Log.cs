using Microsoft.Extensions.Logging;

namespace MigrationBot.Engine;

/// <summary>The engine's log messages (STYLE.md habit 4): ids, counts and durations; never passwords, tokens or bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Mailbox {Mailbox}: pass started")]
    public static partial void MailboxStarted(ILogger logger, string mailbox);

    [LoggerMessage(2, LogLevel.Information, "Mailbox {Mailbox}: {Outcome}, {Copied} copied, {Skipped} skipped, {Failed} failed, {Bytes} bytes in {Seconds:0.0} s")]
    public static partial void MailboxFinished(ILogger logger, string mailbox, Reports.MailboxOutcome outcome, int copied, int skipped, int failed, long bytes, double seconds);

    [LoggerMessage(3, LogLevel.Warning, "Mailbox {Mailbox}: transient failure, retry {Attempt} in {DelaySeconds:0.0} s: {Reason}")]
    public static partial void TransientRetry(ILogger logger, string mailbox, int attempt, double delaySeconds, string reason);

    [LoggerMessage(6, LogLevel.Error, "Mailbox {Mailbox}: unexpected error; this is a bug in MigrationBot, please report it with this trace")]
    public static partial void UnexpectedError(ILogger logger, string mailbox, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Mailbox {Mailbox}: {Outcome}: {Reason}")]
    public static partial void MailboxFailed(ILogger logger, string mailbox, Reports.MailboxOutcome outcome, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Mailbox {Mailbox}: folder {Folder} not synced: {Reason}")]
    public static partial void FolderFailed(ILogger logger, string mailbox, string folder, string reason);

    [LoggerMessage(7, LogLevel.Information, "Mailbox {Mailbox}: target folder {Folder} deleted: its source folder is gone and it was left empty")]
    public static partial void EmptiedTargetFolderDeleted(ILogger logger, string mailbox, string folder);

    [LoggerMessage(20, LogLevel.Information, "The {Area} tables in PostgreSQL database {Database} on {Host}:{Port} are at schema version {Version} (found at {FoundVersion})")]
    public static partial void PostgresSchemaReady(ILogger logger, string area, string? database, string? host, int port, int version, int foundVersion);

    [LoggerMessage(21, LogLevel.Warning, "The ledger's database is unreachable ({Reason}); try {Attempt} again in {DelaySeconds:0} s")]
    public static partial void LedgerUnreachable(ILogger logger, string reason, int attempt, double delaySeconds);
}
