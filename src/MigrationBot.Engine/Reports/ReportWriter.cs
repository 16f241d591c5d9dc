namespace MigrationBot.Engine.Reports;

/// <summary>
/// Writes a run's report into a directory: <see cref="JsonFile"/> (<see cref="ReportJson"/>),
/// <see cref="FoldersFile"/>, <see cref="SkippedFile"/> and <see cref="UnstoredKeywordsFile"/> (<see cref="ReportCsv"/>). Each file is written
/// beside its final name and then moved over it, so a reader never sees half a report.
/// </summary>
/// <example><code>
/// await ReportWriter.WriteAsync(report, "/var/lib/migrationbot/reports/wave2", ct);
/// </code></example>
public static class ReportWriter
{
    public const string JsonFile = "report.json";
    public const string FoldersFile = "report.csv";
    public const string SkippedFile = "skipped.csv";
    public const string UnstoredKeywordsFile = "keywords-not-stored.csv";

    public static async Task WriteAsync(MigrationReport report, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        await WriteFileAsync(Path.Combine(directory, JsonFile), s => ReportJson.WriteAsync(report, s, cancellationToken), cancellationToken);
        await WriteFileAsync(Path.Combine(directory, FoldersFile), s => ReportCsv.WriteFoldersAsync(report, s, cancellationToken), cancellationToken);
        await WriteFileAsync(Path.Combine(directory, SkippedFile), s => ReportCsv.WriteSkippedAsync(report, s, cancellationToken), cancellationToken);
        await WriteFileAsync(Path.Combine(directory, UnstoredKeywordsFile), s => ReportCsv.WriteUnstoredKeywordsAsync(report, s, cancellationToken), cancellationToken);
    }

    private static async Task WriteFileAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await write(file);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
