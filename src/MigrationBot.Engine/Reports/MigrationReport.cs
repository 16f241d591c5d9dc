namespace MigrationBot.Engine.Reports;

/// <summary>The result of one pass over every mailbox of a run.</summary>
public sealed record MigrationReport(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<MailboxReport> Mailboxes)
{
    public bool AllSucceeded => Mailboxes.All(m => m.Outcome == MailboxOutcome.Succeeded);
}
