using System.Text.Json.Serialization;

namespace MigrationBot.Cards.Model;

/// <summary>A card action; the JSON <c>type</c> comes from the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction(string Title)
{
    public string? Id { get; init; }
    public ActionStyle? Style { get; init; }
}

/// <summary>
/// A Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke carrying <see cref="Verb"/> and
/// <see cref="Data"/> merged with the card's input values, and replaces the card with our answer.
/// </summary>
public sealed record ExecuteAction(string Title, string Verb) : CardAction(Title)
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    /// <summary><c>none</c> for a button whose press must not validate or send the card's inputs (Cancel, Back).</summary>
    public string? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(string Title, Uri Url) : CardAction(Title);

/// <summary>Shows <see cref="Card"/> under the buttons (its own buttons included): where a card's less-used actions go.</summary>
public sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);
