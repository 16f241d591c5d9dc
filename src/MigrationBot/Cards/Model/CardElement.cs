using System.Text.Json.Serialization;

namespace MigrationBot.Cards.Model;

/// <summary>A body element; the JSON <c>type</c> comes from the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(TimeInput), "Input.Time")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(Table), "Table")]
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

/// <summary>A text box; <see cref="ErrorMessage"/> is shown under it when a submitted value was refused.</summary>
public sealed record TextInput : CardElement
{
    public string? Label { get; init; }
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
    public int? MaxLength { get; init; }

    /// <summary><c>password</c> masks what is typed (schema 1.5).</summary>
    public TextInputStyle? Style { get; init; }
}

/// <summary>A date picker; its value is <c>YYYY-MM-DD</c>.</summary>
public sealed record DateInput : CardElement
{
    public string? Label { get; init; }
    public string? Value { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary>A time picker; its value is <c>HH:mm</c>.</summary>
public sealed record TimeInput : CardElement
{
    public string? Label { get; init; }
    public string? Value { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary>A check box whose value is <see cref="ValueOn"/> or <see cref="ValueOff"/>.</summary>
public sealed record ToggleInput(string Title) : CardElement
{
    public string? Label { get; init; }
    public string? Value { get; init; }
    public string? ValueOn { get; init; }
    public string? ValueOff { get; init; }
}

/// <summary>Buttons inside the body (e.g. "Test connection" next to the endpoint fields).</summary>
public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

/// <summary>An Adaptive Card 1.5 table: columns of relative width, rows of cells holding elements.</summary>
public sealed record Table(IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows) : CardElement
{
    public bool? FirstRowAsHeader { get; init; }
    public bool? ShowGridLines { get; init; }
}

public sealed record TableColumn(int Width);

public sealed record TableRow(IReadOnlyList<TableCell> Cells)
{
    [JsonPropertyOrder(-1)]
    [JsonPropertyName("type")]
    public string Type => "TableRow";
}

public sealed record TableCell(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyOrder(-1)]
    [JsonPropertyName("type")]
    public string Type => "TableCell";
}
