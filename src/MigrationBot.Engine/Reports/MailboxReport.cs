namespace MigrationBot.Engine.Reports;

/// <summary>The result of one pass over one mailbox.</summary>
public sealed record MailboxReport(
    string EmailAddress,
    MailboxOutcome Outcome,
    string? Error,
    IReadOnlyList<FolderStatistics> Folders,
    DateTimeOffset StartedAt,
    TimeSpan Duration)
{
    public int Copied => Folders.Sum(f => f.Copied);
    public int Skipped => Folders.Sum(f => f.Skipped);
    public int Failed => Folders.Sum(f => f.Failed);
    public long Bytes => Folders.Sum(f => f.Bytes);
}
