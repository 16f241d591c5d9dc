using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>The <c>conversation</c> of an activity: personal chat, group chat or channel thread.</summary>
public sealed record ConversationAccount
{
    /// <summary>Real Teams ids look like <c>a:…</c>, <c>19:…@thread.v2</c>, <c>19:…@thread.tacv2;messageid=…</c>; the Playground uses plain ids.</summary>
    public string? Id { get; init; }
    public string? Name { get; init; }
    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
