using Microsoft.Data.Sqlite;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// The persistent record of what has been copied, one SQLite file for a whole run. WAL journaling means a
/// commit survives the process being killed at any instant; every mailbox works through its own connection.
/// </summary>
public sealed class MigrationLedger
{
    private readonly string _connectionString;

    private MigrationLedger(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>.</summary>
    public static async Task<MigrationLedger> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        var ledger = new MigrationLedger(builder.ToString());
        await using var connection = await ledger.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + LedgerSchema.Create;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ledger;
    }

    /// <summary>The ledger of one mailbox (keyed by its target address); dispose it when the mailbox's pass ends.</summary>
    public async Task<MailboxLedger> ForMailboxAsync(string mailbox, CancellationToken cancellationToken) =>
        new(mailbox.ToLowerInvariant(), await ConnectAsync(cancellationToken));

    internal async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // NORMAL is durable against a killed process in WAL mode (only an OS crash can lose the last commits).
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
