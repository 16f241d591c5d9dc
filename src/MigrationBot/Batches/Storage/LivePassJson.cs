using System.Text.Json;
using MigrationBot.Batches.Progress;

namespace MigrationBot.Batches.Storage;

/// <summary>A published running pass as the stores keep it: one JSON text column, read back leniently (an unreadable one is no pass).</summary>
internal static class LivePassJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(PublishedPass live) => JsonSerializer.Serialize(live, Options);

    public static PublishedPass? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<PublishedPass>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
