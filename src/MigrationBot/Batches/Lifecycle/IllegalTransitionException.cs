namespace MigrationBot.Batches.Lifecycle;

/// <summary>A move its lifecycle's table does not allow: a bug, or a command that does not fit the batch's state.</summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    public IllegalTransitionException(string lifecycle, string from, string to, IReadOnlyList<string> allowed)
        : base($"{lifecycle}: {from} cannot move to {to}" + (allowed.Count == 0 ? $" ({from} is final)" : $" (from {from}: {string.Join(", ", allowed)})"))
    {
        From = from;
        To = to;
    }

    public IllegalTransitionException()
        : this("lifecycle", "?", "?", [])
    {
    }

    public IllegalTransitionException(string message)
        : base(message)
    {
        From = To = "?";
    }

    public IllegalTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        From = To = "?";
    }

    public string From { get; }

    public string To { get; }
}
