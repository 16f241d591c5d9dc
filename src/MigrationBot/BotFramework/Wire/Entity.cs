using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>An activity entity; we read only <c>mention</c> entities and keep the rest as they came.</summary>
public sealed record Entity
{
    public string? Type { get; init; }
    /// <summary>For <c>mention</c>: who was mentioned.</summary>
    public ChannelAccount? Mentioned { get; init; }
    /// <summary>For <c>mention</c>: the markup in <c>text</c>, e.g. <c>&lt;at&gt;Bot&lt;/at&gt;</c>.</summary>
    public string? Text { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
