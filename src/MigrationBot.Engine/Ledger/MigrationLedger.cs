using Microsoft.Data.Sqlite;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// The persistent record of what has been copied, one SQLite file for a whole run. WAL journaling means a
/// commit survives the process being killed at any instant; every mailbox works through its own connection.
/// </summary>
public sealed class MigrationLedger
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private MigrationLedger(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    /// <summary>How long a pass's hold on its mailbox lasts unless renewed (it is renewed every third of this).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>.</summary>
    public static async Task<MigrationLedger> OpenAsync(string path, CancellationToken cancellationToken) =>
        await OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>, with the clock its leases use.</summary>
    public static async Task<MigrationLedger> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        var ledger = new MigrationLedger(builder.ToString(), time);
        await using var connection = await ledger.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + LedgerSchema.Create;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AddMissingColumnsAsync(connection, cancellationToken);
        return ledger;
    }

    /// <summary>
    /// The ledger of one mailbox (keyed by its target address), held for one pass: it takes the mailbox's lease, so
    /// a second pass over the same mailbox refuses while this one runs. Dispose it when the pass ends.
    /// </summary>
    /// <exception cref="MailboxBusyException">Another pass over this mailbox is running.</exception>
    public async Task<MailboxLedger> ForMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        var key = mailbox.ToLowerInvariant();
        var lease = await MailboxLease.AcquireAsync(await ConnectAsync(cancellationToken), key, _time, LeaseDuration, cancellationToken);
        try
        {
            return new MailboxLedger(key, await ConnectAsync(cancellationToken), lease);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in LedgerSchema.AddedColumns)
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name=$c";
            exists.Parameters.AddWithValue("$c", column);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                continue;
            await using var add = connection.CreateCommand();
            add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
    }

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
