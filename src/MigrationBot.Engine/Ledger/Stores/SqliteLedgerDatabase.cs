using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>
/// The ledger in one SQLite file. WAL journaling means a commit survives the process being killed at any instant;
/// every mailbox works through its own connection.
/// </summary>
internal sealed class SqliteLedgerDatabase : LedgerDatabase
{
    private readonly string _connectionString;

    private SqliteLedgerDatabase(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>; a file of an earlier version gains its newer columns.</summary>
    public static async Task<SqliteLedgerDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        var database = new SqliteLedgerDatabase(builder.ToString());
        await using var connection = (SqliteConnection)await database.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + LedgerSchema.Create;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AddMissingColumnsAsync(connection, cancellationToken);
        return database;
    }

    public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // NORMAL is durable against a killed process in WAL mode (only an OS crash can lose the last commits).
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>A file on a local disk is never "away": its failures (disk full, permissions, corruption) are the write's own.</summary>
    public override bool IsUnreachable(Exception exception) => false;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in LedgerSchema.AddedColumns)
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name=$c";
            exists.Parameters.AddWithValue("$c", column);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                continue;
            await using var add = connection.CreateCommand();
            add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
