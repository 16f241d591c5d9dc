using System.Text.Json.Serialization;

namespace MigrationBot.Cards.Model;

/// <summary>
/// An Adaptive Card, typed. Only the parts of schema 1.5 we use are modelled; Teams renders at most 1.5
/// (BOTFRAMEWORK.md §1.4), so <see cref="Version"/> defaults to it and the card tests refuse anything newer.
/// </summary>
public sealed record AdaptiveCard
{
    public const string MaxTeamsVersion = "1.5";

    [JsonPropertyOrder(-3)]
    [JsonPropertyName("type")]
    public string Type => "AdaptiveCard";

    [JsonPropertyOrder(-2)]
    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    [JsonPropertyOrder(-1)]
    public string Version { get; init; } = MaxTeamsVersion;

    public required IReadOnlyList<CardElement> Body { get; init; }
    public IReadOnlyList<CardAction>? Actions { get; init; }
    /// <summary>
    /// Universal Actions' refresh: clients of the listed users (at most 60, Entra object ids or Teams ids) send
    /// its Action.Execute when they show the card and display the card the bot answers instead,
    /// so those users see buttons others do not.
    /// </summary>
    public CardRefresh? Refresh { get; init; }

    /// <summary>Spoken/notification fallback when the card cannot render.</summary>
    public string? FallbackText { get; init; }
}

/// <summary>The <c>refresh</c> property of a card (Universal Actions, schema 1.4+).</summary>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string> UserIds);
