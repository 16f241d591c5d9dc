using MigrationBot.Engine.Mailboxes;

namespace MigrationBot.Engine.Csv;

/// <summary>A data row of a migration CSV that passed every check, with the line it started on.</summary>
public sealed record MigrationCsvRow(int Line, MailboxSpec Mailbox);
