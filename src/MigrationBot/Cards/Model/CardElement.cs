using System.Text.Json.Serialization;

namespace MigrationBot.Cards.Model;

/// <summary>A body element; the JSON <c>type</c> comes from the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Wrap { get; init; }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Fact(string Title, string Value);

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }
}

public sealed record ChoiceSetInput(IReadOnlyList<Choice> Choices) : CardElement
{
    public string? Label { get; init; }
    public string? Value { get; init; }
    public bool? IsRequired { get; init; }
    public ChoiceInputStyle? Style { get; init; }
}

public sealed record Choice(string Title, string Value);
