namespace MigrationBot.Batches.Storage;

/// <summary>A live batch already has the name asked for.</summary>
public sealed class BatchNameTakenException : InvalidOperationException
{
    public BatchNameTakenException(string name)
        : base($"a batch named '{name}' already exists; pick another name, or remove that batch first")
    {
    }

    public BatchNameTakenException()
        : base("a batch of that name already exists")
    {
    }

    public BatchNameTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
