using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>A user or bot as the Bot Connector names it (<c>from</c>, <c>recipient</c>, members).</summary>
public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    /// <summary>The Entra object id; Teams sets it for users.</summary>
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
