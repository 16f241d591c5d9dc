using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationBot.Cards.Model;

namespace MigrationBot.BotFramework.Wire;

/// <summary>
/// The one source-generated context for Bot Framework wire JSON: activities, Connector bodies,
/// invoke responses and Adaptive Cards. camelCase, nulls left out, as the Connector and Teams expect.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(InboundActivity))]
[JsonSerializable(typeof(OutboundActivity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(PagedMembersResult))]
[JsonSerializable(typeof(ConnectorErrorResponse))]
[JsonSerializable(typeof(List<ChannelAccount>))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
[JsonSerializable(typeof(InvokeError))]
[JsonSerializable(typeof(AdaptiveCard))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
public sealed partial class WireJson : JsonSerializerContext;
