using System.Globalization;
using CsvHelper;

namespace MigrationBot.Engine.Reports;

/// <summary>
/// A <see cref="MigrationReport"/> as three CSV files for spreadsheets (UTF-8 with BOM so Excel shows non-ASCII
/// folder names, CRLF, RFC 4180 quoting, text that starts like a formula prefixed with <c>'</c>):
/// <list type="bullet">
/// <item><b>report.csv</b>, <see cref="WriteFoldersAsync"/>: one row per mailbox × folder; a mailbox with no folder
/// (it failed before listing them) still gets one row, with the folder columns empty, so its error shows.</item>
/// <item><b>skipped.csv</b>, <see cref="WriteSkippedAsync"/>: one row per skipped message, with its reason.</item>
/// <item><b>keywords-not-stored.csv</b>, <see cref="WriteUnstoredKeywordsAsync"/>: one row per message copied
/// without keywords the target cannot store, with those keywords.</item>
/// </list>
/// </summary>
public static class ReportCsv
{
    public static readonly string[] FolderColumns =
    [
        "EmailAddress", "Outcome", "Error", "StartedAt", "SourceFolder", "TargetFolder", "Found", "Copied",
        "AlreadyPresent", "Skipped", "Failed", "Bytes", "FlagsUpdated", "KeywordsNotStored", "DurationSeconds",
        "MovedIn", "Adopted", "VanishedOnSource", "RemovedOnTarget",
    ];

    public static readonly string[] SkippedColumns = ["EmailAddress", "SourceFolder", "Uid", "Size", "Reason"];

    public static readonly string[] UnstoredKeywordsColumns = ["EmailAddress", "SourceFolder", "Uid", "KeywordsNotStored"];

    public static async Task WriteFoldersAsync(MigrationReport report, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var csv = CsvWriter.Create(destination, Options(), leaveOpen: true);
        csv.WriteHeader(FolderColumns);
        foreach (var mailbox in report.Mailboxes)
        {
            var mailboxFields = new[] { mailbox.EmailAddress, mailbox.Outcome.ToString(), mailbox.Error ?? "", mailbox.StartedAt.ToString("O", CultureInfo.InvariantCulture) };
            if (mailbox.Folders.Count == 0)
            {
                await csv.WriteRecordAsync([.. mailboxFields, .. Enumerable.Repeat("", FolderColumns.Length - mailboxFields.Length)], cancellationToken);
            }

            foreach (var folder in mailbox.Folders)
            {
                await csv.WriteRecordAsync(
                [
                    .. mailboxFields,
                    folder.SourceFolder,
                    folder.TargetFolder,
                    Number(folder.Found),
                    Number(folder.Copied),
                    Number(folder.AlreadyPresent),
                    Number(folder.Skipped),
                    Number(folder.Failed),
                    Number(folder.Bytes),
                    Number(folder.FlagsUpdated),
                    Number(folder.KeywordsNotStored),
                    folder.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                    Number(folder.MovedIn),
                    Number(folder.Adopted),
                    Number(folder.VanishedOnSource),
                    Number(folder.RemovedOnTarget),
                ], cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static Task WriteSkippedAsync(MigrationReport report, Stream destination, CancellationToken cancellationToken) =>
        WriteMessageRowsAsync(report, destination, SkippedColumns, mailbox => mailbox.Folders.SelectMany(f => f.Skips).Select(skip =>
            new[] { mailbox.EmailAddress, skip.Folder, Number(skip.Uid), Number(skip.Size), skip.Reason }), cancellationToken);

    public static Task WriteUnstoredKeywordsAsync(MigrationReport report, Stream destination, CancellationToken cancellationToken) =>
        WriteMessageRowsAsync(report, destination, UnstoredKeywordsColumns, mailbox => mailbox.Folders.SelectMany(f => f.UnstoredKeywords).Select(item =>
            new[] { mailbox.EmailAddress, item.Folder, Number(item.Uid), item.Keywords }), cancellationToken);

    /// <summary>A file of one row per message: a header, then each mailbox's rows in report order.</summary>
    private static async Task WriteMessageRowsAsync(
        MigrationReport report, Stream destination, string[] header, Func<MailboxReport, IEnumerable<string[]>> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var csv = CsvWriter.Create(destination, Options(), leaveOpen: true);
        csv.WriteHeader(header);
        foreach (var row in report.Mailboxes.SelectMany(rows))
        {
            await csv.WriteRecordAsync(row, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Folder names and error texts come from the source server, so they may start with '=' or '+':
    // escaped, a spreadsheet shows them instead of running them (OWASP CSV injection).
    private static CsvWriterOptions Options() => new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };
}
