using System.Text.Json;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Chat;

/// <summary>
/// Answers one Action.Execute <c>verb</c> of an <c>adaptiveCard/action</c> invoke. The answer usually replaces
/// the card (<see cref="Cards.CardAttachments.ReplaceWith"/>). Register as <c>ICardActionHandler</c>.
/// </summary>
public interface ICardActionHandler
{
    string Verb { get; }

    Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken);
}

/// <summary>A pressed button: its verb, its data merged with the card's inputs, and the invoke that carried it.</summary>
public sealed record CardActionRequest(string Verb, JsonElement Data, InboundActivity Activity)
{
    public string? DataString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}
