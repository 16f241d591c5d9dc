namespace MigrationBot.Conversations;

/// <summary><c>Store:SqlitePath</c>: the SQLite file (default <c>.run/migrationbot.db</c> under the content root).</summary>
public sealed class StoreOptions
{
    public string? SqlitePath { get; set; }
}
