namespace MigrationBot.Cli.Input;

/// <summary>Input the run cannot start with: a bad CSV, a missing secret, contradictory options. Exit code 2.</summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException()
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
