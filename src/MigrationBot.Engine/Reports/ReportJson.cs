using System.Text.Json;

namespace MigrationBot.Engine.Reports;

/// <summary>
/// A <see cref="MigrationReport"/> as JSON (report.json): the whole report, mailboxes with their folders and
/// skipped items nested, plus the computed totals (<c>copied</c>, <c>skipped</c>, <c>failed</c>, <c>bytes</c>,
/// <c>allSucceeded</c>) for readers that do not sum.
/// </summary>
public static class ReportJson
{
    public static Task WriteAsync(MigrationReport report, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeAsync(destination, report, ReportJsonContext.Readable.MigrationReport, cancellationToken);
    }

    public static string Serialize(MigrationReport report) =>
        JsonSerializer.Serialize(report, ReportJsonContext.Readable.MigrationReport);

    /// <summary>Reads a report written by <see cref="WriteAsync"/> (computed totals are recomputed, not read).</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static MigrationReport Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Readable.MigrationReport)
        ?? throw new JsonException("The JSON is null, not a migration report.");
}
