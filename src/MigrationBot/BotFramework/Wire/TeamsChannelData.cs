using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>The Teams-specific <c>channelData</c>; only the parts we read are typed.</summary>
public sealed record TeamsChannelData
{
    public TeamsEntity? Tenant { get; init; }
    public TeamsEntity? Team { get; init; }
    public TeamsEntity? Channel { get; init; }
    /// <summary>In teams: <c>teamMemberAdded</c>, <c>channelCreated</c>, … (BOTFRAMEWORK.md §1.3).</summary>
    public string? EventType { get; init; }
    public string? TeamsTeamId { get; init; }
    public string? TeamsChannelId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An id/name pair inside Teams channel data (tenant, team, channel).</summary>
public sealed record TeamsEntity
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadGroupId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
