namespace MigrationBot.Engine.Secrets;

/// <summary>
/// A password, client secret or token. Its <see cref="ToString"/> never reveals the value, so a secret
/// that reaches a log line, a record's generated <c>ToString</c> or a report prints as a mask.
/// </summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The clear value; call it only where the secret is handed to the protocol that needs it.</summary>
    public string Reveal() => _value;

    public bool IsEmpty => _value.Length == 0;

    public override string ToString() => "[redacted]";

    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
