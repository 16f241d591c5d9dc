using System.Globalization;
using Microsoft.Data.Sqlite;
using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Batches.Storage;

/// <summary>The batch store in one SQLite file (WAL), the default for a single host.</summary>
public sealed class SqliteBatchStore : IBatchStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS batches (
            id          TEXT    NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL,
            name_key    TEXT    NOT NULL,
            state       TEXT    NOT NULL,
            created_by  TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS batches_live_name ON batches (name_key) WHERE state <> 'Removing';
        CREATE TABLE IF NOT EXISTS batch_users (
            batch_id      TEXT NOT NULL REFERENCES batches (id),
            email_address TEXT NOT NULL,
            state         TEXT NOT NULL,
            reason        TEXT,
            PRIMARY KEY (batch_id, email_address)
        );
        CREATE TABLE IF NOT EXISTS batch_history (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id      TEXT    NOT NULL REFERENCES batches (id),
            email_address TEXT,
            from_state    TEXT    NOT NULL,
            to_state      TEXT    NOT NULL,
            cause         TEXT    NOT NULL,
            reason        TEXT,
            at            INTEGER NOT NULL
        );
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private SqliteBatchStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    public static async Task<SqliteBatchStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var store = new SqliteBatchStore(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString(), time);
        await using var connection = await store.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return store;
    }

    public async Task<Batch> CreateAsync(string name, string createdBy, IReadOnlyList<string> emailAddresses, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var batch = new Batch(Guid.NewGuid(), name, BatchState.Created, createdBy, now, now);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO batches VALUES ($id, $name, $key, $state, $by, $at, $at)", cancellationToken,
                ("$id", Id(batch.Id)), ("$name", name), ("$key", name.ToUpperInvariant()), ("$state", nameof(BatchState.Created)), ("$by", createdBy), ("$at", now.ToUnixTimeMilliseconds()));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the live-name index
        {
            throw new BatchNameTakenException(name);
        }

        foreach (var address in emailAddresses.Distinct(StringComparer.OrdinalIgnoreCase))
            await ExecuteAsync(connection, transaction, "INSERT INTO batch_users VALUES ($id, $email, $state, NULL)", cancellationToken,
                ("$id", Id(batch.Id)), ("$email", address.ToLowerInvariant()), ("$state", nameof(UserState.Queued)));
        await RecordAsync(connection, transaction, batch.Id, null, "-", nameof(BatchState.Created), createdBy, null, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    public async Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE id = $p", Id(id), cancellationToken)).FirstOrDefault();

    public async Task<Batch?> FindLiveAsync(string name, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE name_key = $p AND state <> 'Removing'", name.ToUpperInvariant(), cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<Batch>> ListLiveAsync(CancellationToken cancellationToken) =>
        await QueryBatchesAsync("WHERE state <> $p ORDER BY created_at", nameof(BatchState.Removing), cancellationToken);

    public async Task<bool> MoveAsync(Guid id, BatchState from, BatchState to, string cause, CancellationToken cancellationToken)
    {
        BatchLifecycle.Table.Ensure(from, to);
        var now = _time.GetUtcNow();
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var moved = await ExecuteAsync(connection, transaction, "UPDATE batches SET state = $to, updated_at = $at WHERE id = $id AND state = $from", cancellationToken,
            ("$id", Id(id)), ("$from", from.ToString()), ("$to", to.ToString()), ("$at", now.ToUnixTimeMilliseconds()));
        if (moved == 0)
            return false;
        await RecordAsync(connection, transaction, id, null, from.ToString(), to.ToString(), cause, null, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> MoveUserAsync(Guid id, string emailAddress, UserState from, UserState to, string cause, string? reason, CancellationToken cancellationToken)
    {
        UserLifecycle.Table.Ensure(from, to);
        var now = _time.GetUtcNow();
        var address = emailAddress.ToLowerInvariant();
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var moved = await ExecuteAsync(connection, transaction, "UPDATE batch_users SET state = $to, reason = $reason WHERE batch_id = $id AND email_address = $email AND state = $from", cancellationToken,
            ("$id", Id(id)), ("$email", address), ("$from", from.ToString()), ("$to", to.ToString()), ("$reason", (object?)reason ?? DBNull.Value));
        if (moved == 0)
            return false;
        await RecordAsync(connection, transaction, id, address, from.ToString(), to.ToString(), cause, reason, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<BatchUser>> UsersAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT email_address, state, reason FROM batch_users WHERE batch_id = $p ORDER BY email_address", Id(id),
            r => new BatchUser(id, r.GetString(0), Enum.Parse<UserState>(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken);

    public async Task<IReadOnlyList<StateChange>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT email_address, from_state, to_state, cause, reason, at FROM batch_history WHERE batch_id = $p ORDER BY seq", Id(id),
            r => new StateChange(id, r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))), cancellationToken);

    private Task<List<Batch>> QueryBatchesAsync(string where, string parameter, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT id, name, state, created_by, created_at, updated_at FROM batches {where}", parameter,
            r => new Batch(Guid.Parse(r.GetString(0)), r.GetString(1), Enum.Parse<BatchState>(r.GetString(2)), r.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))), cancellationToken);

    /// <summary>Runs a query with one parameter, <c>$p</c>, and reads every row.</summary>
    private async Task<List<T>> ReadAsync<T>(string sql, string parameter, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private static Task RecordAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid id, string? address, string from, string to, string cause, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT INTO batch_history (batch_id, email_address, from_state, to_state, cause, reason, at) VALUES ($id, $email, $from, $to, $cause, $reason, $at)", cancellationToken,
            ("$id", Id(id)), ("$email", (object?)address ?? DBNull.Value), ("$from", from), ("$to", to), ("$cause", cause), ("$reason", (object?)reason ?? DBNull.Value), ("$at", at.ToUnixTimeMilliseconds()));

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
