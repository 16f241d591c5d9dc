using Microsoft.Data.Sqlite;

namespace MigrationBot.Storage;

/// <summary>
/// One area's tables in the application's SQLite file: the file's folder and the tables (<paramref name="schema"/>, idempotent
/// DDL) are created on first use, once, then <paramref name="upgrade"/> runs (columns added since, say); every connection
/// waits up to 30 s for a writer instead of failing busy and runs <paramref name="connectionPragmas"/>.
/// </summary>
public sealed class SqliteFile(
    string path, string schema, string? connectionPragmas = null, Func<SqliteConnection, CancellationToken, Task>? upgrade = null) : IDisposable
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30,
    }.ToString();

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
            await EnsureSchemaAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000;" + connectionPragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public void Dispose() => _schemaGate.Dispose();

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
                return;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
                Directory.CreateDirectory(directory);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA busy_timeout = 30000;" + schema;
            await create.ExecuteNonQueryAsync(cancellationToken);
            if (upgrade is not null)
                await upgrade(connection, cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
