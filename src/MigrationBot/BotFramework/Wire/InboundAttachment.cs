using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>An attachment on an inbound activity (e.g. a file in personal chat).</summary>
public sealed record InboundAttachment
{
    public string? ContentType { get; init; }
    public string? ContentUrl { get; init; }
    public string? Name { get; init; }
    public JsonElement? Content { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
