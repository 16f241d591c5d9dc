using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationBot.BotFramework.Wire;

/// <summary>
/// An activity as the Bot Connector posts it to <c>/api/messages</c>. Loose on purpose: what we do not
/// read stays in <see cref="Extra"/>. Never sent back; replies use <see cref="OutboundActivity"/>.
/// </summary>
public sealed record InboundActivity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? Locale { get; init; }
    public string? ReplyToId { get; init; }
    /// <summary>For <c>invoke</c>: e.g. <c>adaptiveCard/action</c>.</summary>
    public string? Name { get; init; }
    /// <summary>For <c>installationUpdate</c>: <c>add</c>, <c>remove</c>, <c>add-upgrade</c>, <c>remove-upgrade</c>.</summary>
    public string? Action { get; init; }
    public JsonElement? Value { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public IReadOnlyList<InboundAttachment>? Attachments { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public TeamsChannelData? ChannelData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The tenant, from <c>channelData.tenant.id</c> (always present in Teams) or the conversation.</summary>
    [JsonIgnore]
    public string? TenantId => ChannelData?.Tenant?.Id ?? Conversation?.TenantId;
}
