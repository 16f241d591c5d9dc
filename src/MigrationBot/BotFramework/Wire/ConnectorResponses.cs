using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>The Connector's answer to a send, reply or update: the activity id.</summary>
public sealed record ResourceResponse
{
    public string? Id { get; init; }
}

/// <summary>The Connector's answer to <c>POST v3/conversations</c>.</summary>
public sealed record ConversationResourceResponse
{
    public string? Id { get; init; }
    public string? ActivityId { get; init; }
    public string? ServiceUrl { get; init; }
}

/// <summary>The body of <c>POST v3/conversations</c> (BOTFRAMEWORK.md §1.3).</summary>
public sealed record ConversationParameters
{
    public bool IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TopicName { get; init; }
    public string? TenantId { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public OutboundActivity? Activity { get; init; }
}

/// <summary>The Connector's error body: <c>{"error":{"code":…,"message":…}}</c>.</summary>
public sealed record ConnectorErrorResponse
{
    public ConnectorError? Error { get; init; }
}

public sealed record ConnectorError
{
    public string? Code { get; init; }
    public string? Message { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The body of an <c>adaptiveCard/action</c> invoke response (BOTFRAMEWORK.md §1.4).</summary>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, JsonElement Value);

/// <summary>The value of an error invoke response.</summary>
public sealed record InvokeError(string Code, string Message);

/// <summary><c>GET v3/conversations/{id}/pagedmembers</c>: one page of the roster, and the token for the next.</summary>
public sealed record PagedMembersResult
{
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? ContinuationToken { get; init; }
}
