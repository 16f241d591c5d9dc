using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.IntegrationTests.Playground;

// The request and response shapes of the Playground's HTTP API (0.2.28), read from the zod validators in
// its bundle and checked with curl (BOTFRAMEWORK.md §2.6). Only the fields the tests use.

/// <summary><c>GET /_internal/v1/testConfig</c>.</summary>
internal sealed record PlaygroundTestConfig(PlaygroundTenant Config);

internal sealed record PlaygroundTenant(
    string TenantId,
    PlaygroundAccount Bot,
    PlaygroundAccount CurrentUser,
    PlaygroundChat PersonalChat,
    IReadOnlyList<PlaygroundChat> GroupChats,
    IReadOnlyList<PlaygroundTeam> Teams);

internal sealed record PlaygroundAccount(string Id, string? Name);

internal sealed record PlaygroundChat(string Id, string? Name);

internal sealed record PlaygroundTeam(string Id, string Name, IReadOnlyList<PlaygroundChat> Channels);

/// <summary><c>POST /_conversation/v1/conversations/{id}/messages</c>. The API ignores <c>from.id</c> (§2.10).</summary>
internal sealed record PlaygroundMessage(PlaygroundAccount From, string Text)
{
    public string TextFormat { get; init; } = "plain";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PlaygroundMention>? Mentions { get; init; }
}

internal sealed record PlaygroundMention(PlaygroundAccount Mentioned, string Text);

/// <summary>What the messages API answers: the id the Playground gave the user's message in its UI.</summary>
internal sealed record PlaygroundMessageSent(string MessageId, long Timestamp);

/// <summary>
/// <c>POST /_conversation/v1/invoke</c>: the Playground sends an <c>invoke</c> activity to the bot and answers with
/// the bot's invoke response, without its <c>statusCode</c> (§2.10). <c>ReplyToId</c> must be a message it knows.
/// </summary>
internal sealed record PlaygroundInvoke(
    string Name,
    JsonElement Value,
    PlaygroundAccount From,
    PlaygroundConversationRef Conversation,
    string ReplyToId);

internal sealed record PlaygroundConversationRef(string Id);
