using System.Text.Json;

namespace MigrationBot.Batches.Form;

/// <summary>The batch form's inputs as submitted: raw strings, by input id (see <see cref="BatchFormFields"/>).</summary>
public sealed class BatchFormValues
{
    private readonly Dictionary<string, string> _values;

    public BatchFormValues(IReadOnlyDictionary<string, string> values) =>
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);

    /// <summary>Reads the string (or number) properties of an Action.Execute's data.</summary>
    public static BatchFormValues FromData(JsonElement data)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in data.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String)
                    values[property.Name] = property.Value.GetString()!;
                else if (property.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    values[property.Name] = property.Value.GetRawText();
            }
        }

        return new BatchFormValues(values);
    }

    /// <summary>The trimmed value, or null when missing or blank.</summary>
    public string? this[string field] => _values.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>The value as typed (not trimmed): the CSV.</summary>
    public string? Raw(string field) => _values.GetValueOrDefault(field);

    /// <summary>The same values with one replaced (an attached CSV standing in for an empty CSV box).</summary>
    public BatchFormValues With(string field, string value) =>
        new(new Dictionary<string, string>(_values, StringComparer.Ordinal) { [field] = value });

    /// <summary>The same values without the ones that may hold secrets, to fill a form shown again.</summary>
    public BatchFormValues WithoutSecrets(bool csvHoldsPasswords)
    {
        var kept = new Dictionary<string, string>(_values, StringComparer.Ordinal);
        kept.Remove(BatchFormFields.AdminPasswordInput);
        if (csvHoldsPasswords)
            kept.Remove(BatchFormFields.Csv);
        return new BatchFormValues(kept);
    }
}
