using System.Text.Json;

namespace MigrationBot.BotFramework.Wire;

/// <summary>An activity the bot sends through the Connector. Kept apart from <see cref="InboundActivity"/>.</summary>
public sealed record OutboundActivity
{
    public string Type { get; init; } = ActivityTypes.Message;
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? ReplyToId { get; init; }
    public string? Summary { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public IReadOnlyList<OutboundAttachment>? Attachments { get; init; }
    public JsonElement? ChannelData { get; init; }

    public static OutboundActivity FromText(string text) => new() { Text = text, TextFormat = "plain" };
}

/// <summary>An attachment on an outbound activity; <see cref="Content"/> is already wire JSON.</summary>
public sealed record OutboundAttachment(string ContentType, JsonElement Content);
