namespace MigrationBot.Chat;

/// <summary>One command as the help card and the command card show it.</summary>
public sealed record CommandInfo(CommandKind Kind, string Key, string Syntax, string Summary, string Details, string Example);

/// <summary>Every command the bot understands, in the order the help card lists them (DESIGN.md §1).</summary>
public static class CommandCatalog
{
    public static readonly IReadOnlyList<CommandInfo> All =
    [
        new(CommandKind.StartBatch, "start", "start batch NAME", "Create and start a migration batch.",
            "Starts the batch: checks every mailbox, then copies mail and keeps it in sync until you complete it.", "start batch wave2"),
        new(CommandKind.Status, "status", "status [NAME [notices]]", "Show all batches, one batch, or its notices.",
            "Without a name lists every batch with its state; with a name shows its progress card; with notices, every notice sent to its users, how and when.", "status wave2"),
        new(CommandKind.Pause, "pause", "pause NAME", "Pause a batch's synchronisation.",
            "Running copies stop at a safe point; nothing is lost. Resume continues where it stopped.", "pause wave2"),
        new(CommandKind.Resume, "resume", "resume NAME", "Resume a paused batch.",
            "Continues the synchronisation of every mailbox in the batch.", "resume wave2"),
        new(CommandKind.Retry, "retry", "retry NAME [USER]", "Retry the failed users, or one user.",
            "Runs the failed mailboxes of batch NAME again now, or only USER's mailbox (failed, skipped or not).", "retry wave2 user@contoso.com"),
        new(CommandKind.CompleteBatch, "complete", "complete batch NAME", "Ask for approval to complete a batch.",
            "After approval runs a final incremental sync and finishes the batch.", "complete batch wave2"),
        new(CommandKind.StopBatch, "stop", "stop batch NAME", "Stop a batch.",
            "Stops every mailbox of the batch; a stopped batch can be resumed.", "stop batch wave2"),
        new(CommandKind.RemoveBatch, "remove", "remove batch NAME", "Remove a batch and purge its credentials.",
            "Deletes the batch so it stops syncing; the migrated mail stays in the target mailboxes.", "remove batch wave2"),
        new(CommandKind.Endpoints, "endpoints", "endpoints", "List the IMAP source endpoints.",
            "Shows each source server, its port and security, and its concurrency limits.", "endpoints"),
        new(CommandKind.Help, "help", "help", "Show this list.",
            "Any command the bot does not understand also shows this list.", "help"),
    ];

    public static CommandInfo? Find(string? key) =>
        All.FirstOrDefault(c => string.Equals(c.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static CommandInfo For(CommandKind kind) => All.First(c => c.Kind == kind);
}
