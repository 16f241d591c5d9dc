using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.Engine.Reports;

/// <summary>
/// Source-generated JSON for <see cref="MigrationReport"/>: indented, camelCase, enums as names,
/// durations as <c>[d.]hh:mm:ss[.fffffff]</c>, dates as ISO 8601 with offset.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(MigrationReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context used for reports: like <see cref="Default"/> but writing non-ASCII (folder names such as
    /// <c>Reçus</c>) and quotes as they are. Safe because report.json is a file, never embedded in HTML.
    /// </summary>
    public static ReportJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<MailboxOutcome>() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
