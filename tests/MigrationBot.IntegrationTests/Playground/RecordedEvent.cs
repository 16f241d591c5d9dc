using System.Text.Json;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// One record of the Playground's events recording: an activity it sent the bot, or a Connector call the
/// bot made to it, with the HTTP answer. Shape as written by 0.2.28 (BOTFRAMEWORK.md §2.6, §2.10).
/// </summary>
internal sealed record RecordedEvent(
    string LogId,
    long Timestamp,
    string? ConversationId,
    string Direction,
    string? ActivityName,
    string? MessageId,
    RecordedRequest? Request,
    RecordedResponse? Response)
{
    public const string ToBot = "Microsoft 365 Agents Playground -> User Application";

    public const string FromBot = "User Application -> Microsoft 365 Agents Playground";

    public bool IsToBot => Direction == ToBot;

    public bool IsFromBot => Direction == FromBot;

    /// <summary>The activity's JSON (what the Playground sent, or what the bot posted).</summary>
    public JsonElement Body => Request?.Body ?? default;

    public string? BodyString(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A Connector call of the bot into <paramref name="conversationId"/> (those records carry no conversationId).</summary>
    public bool PostsTo(string conversationId) =>
        IsFromBot && Request?.Url is { } url
        && url.Contains($"/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        $"{(IsToBot ? "-> bot" : IsFromBot ? "<- bot" : Direction)} {ActivityName} id={MessageId} conv={ConversationId} " +
        $"replyTo={BodyString("replyToId")} text={BodyString("text")} url={Request?.Url} status={Response?.StatusCode}";
}

internal sealed record RecordedRequest(string? Url, string? Method, JsonElement Body);

internal sealed record RecordedResponse(int StatusCode, JsonElement Body);
