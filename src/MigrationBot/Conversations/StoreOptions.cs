namespace MigrationBot.Conversations;

/// <summary>
/// Section <c>Store</c>: where the application's data lives. <c>Provider</c> is <c>Sqlite</c> (the default: one file at
/// <c>SqlitePath</c>, <c>.run/migrationbot.db</c> under the content root, nothing to set up) or <c>PostgreSql</c> (the
/// database <c>PostgreSqlConnectionString</c> names, shared by several replicas).
/// </summary>
public sealed class StoreOptions
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";

    public string Provider { get; set; } = Sqlite;

    public string? SqlitePath { get; set; }

    /// <summary>An Npgsql connection string. It may hold a password: it is never logged or echoed in an error.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>Whether <see cref="Provider"/> is <see cref="PostgreSql"/> (compared without case, as configuration keys are).</summary>
    public bool UsesPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);
}
