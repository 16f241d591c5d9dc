using System.Text.Json;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards.Model;

namespace MigrationBot.Cards;

/// <summary>Turns typed cards into wire JSON: attachments, activities and invoke responses.</summary>
public static class CardAttachments
{
    public static JsonElement ToJson(AdaptiveCard card) => JsonSerializer.SerializeToElement(card, WireJson.Default.AdaptiveCard);

    public static OutboundAttachment ToAttachment(AdaptiveCard card) => new(ContentTypes.AdaptiveCard, ToJson(card));

    public static OutboundActivity ToActivity(AdaptiveCard card) => new()
    {
        Attachments = [ToAttachment(card)],
        Summary = card.FallbackText,
    };

    /// <summary>200 with a card that replaces the one whose Action.Execute was pressed.</summary>
    public static AdaptiveCardInvokeResponse ReplaceWith(AdaptiveCard card) => new(200, ContentTypes.AdaptiveCard, ToJson(card));

    /// <summary>200 with a short text Teams shows instead of changing the card.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) =>
        new(200, ContentTypes.ActivityMessage, JsonSerializer.SerializeToElement(text, WireJson.Default.String));

    /// <summary>The documented error shape (<c>application/vnd.microsoft.error</c>).</summary>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message) =>
        new(statusCode, ContentTypes.Error, JsonSerializer.SerializeToElement(new InvokeError(code, message), WireJson.Default.InvokeError));
}
