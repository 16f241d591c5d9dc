using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Storage;

namespace MigrationBot.Batches.Storage;

/// <summary>The batch store in one SQLite file (WAL), the default for a single host.</summary>
public sealed partial class SqliteBatchStore : IBatchStore, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS batches (
            id                   TEXT    NOT NULL PRIMARY KEY,
            name                 TEXT    NOT NULL,
            name_key             TEXT    NOT NULL,
            state                TEXT    NOT NULL,
            created_by           TEXT    NOT NULL,
            created_at           INTEGER NOT NULL,
            updated_at           INTEGER NOT NULL,
            settings             TEXT    NOT NULL,
            conversation_id      TEXT,
            progress_activity_id TEXT,
            admin_secret         TEXT
        );
        CREATE UNIQUE INDEX IF NOT EXISTS batches_live_name ON batches (name_key) WHERE state <> 'Removing';
        CREATE TABLE IF NOT EXISTS batch_users (
            batch_id      TEXT    NOT NULL REFERENCES batches (id),
            email_address TEXT    NOT NULL,
            state         TEXT    NOT NULL,
            reason        TEXT,
            user_name     TEXT    NOT NULL,
            user_root     TEXT,
            secret        TEXT,
            copied        INTEGER NOT NULL DEFAULT 0,
            bytes         INTEGER NOT NULL DEFAULT 0,
            skipped       INTEGER NOT NULL DEFAULT 0,
            failed        INTEGER NOT NULL DEFAULT 0,
            passes        INTEGER NOT NULL DEFAULT 0,
            last_sync_at  INTEGER,
            initial_done  INTEGER NOT NULL DEFAULT 0,
            object_id     TEXT,
            display_name  TEXT,
            time_zone     TEXT,
            locale        TEXT,
            progress_at   INTEGER,
            stall_alerted_for INTEGER,
            live_pass     TEXT,
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
        CREATE TABLE IF NOT EXISTS audit_log (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            at         INTEGER NOT NULL,
            actor      TEXT    NOT NULL,
            action     TEXT    NOT NULL,
            batch_name TEXT,
            allowed    INTEGER NOT NULL,
            detail     TEXT
        );
        """;

    private const string BatchColumns = "id, name, state, created_by, created_at, updated_at, settings, conversation_id, progress_activity_id";

    // secure_delete: purged credentials are overwritten in the file, not left in free pages.
    private const string ConnectionPragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";

    private readonly SqliteFile _file;
    private readonly TimeProvider _time;

    /// <summary>A store on the SQLite file at <paramref name="path"/>; the file and its tables are created on first use.</summary>
    public SqliteBatchStore(string path, TimeProvider time)
    {
        _file = new SqliteFile(path, "PRAGMA journal_mode=WAL;" + Schema, ConnectionPragmas, AddMissingColumnsAsync);
        _time = time;
    }

    public static async Task<SqliteBatchStore> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new SqliteBatchStore(path, time);
        await using var connection = await store.ConnectAsync(cancellationToken);
        return store;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Columns added since the first batch tables were written: a database from then gains them when opened.</summary>
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("batch_users", "object_id", "TEXT"),
        ("batch_users", "display_name", "TEXT"),
        ("batch_users", "time_zone", "TEXT"),
        ("batch_users", "locale", "TEXT"),
        ("batch_users", "progress_at", "INTEGER"),
        ("batch_users", "stall_alerted_for", "INTEGER"),
        ("batch_users", "live_pass", "TEXT"),
    ];

    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in AddedColumns)
        {
            await using var probe = connection.CreateCommand();
            probe.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if ((long)(await probe.ExecuteScalarAsync(cancellationToken))! > 0)
                continue;
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<Batch> CreateAsync(BatchDraft draft, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var batch = new Batch(Guid.NewGuid(), draft.Name, BatchState.Created, draft.CreatedBy, now, now, draft.Settings, draft.ConversationId, null);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO batches VALUES ($id, $name, $key, $state, $by, $at, $at, $settings, $conversation, NULL, $admin)", cancellationToken,
                ("$id", Id(batch.Id)), ("$name", draft.Name), ("$key", draft.Name.ToUpperInvariant()), ("$state", nameof(BatchState.Created)), ("$by", draft.CreatedBy),
                ("$at", now.ToUnixTimeMilliseconds()), ("$settings", JsonSerializer.Serialize(draft.Settings, BatchJson.Default.BatchSettings)),
                ("$conversation", Nullable(draft.ConversationId)), ("$admin", Nullable(draft.ProtectedAdminPassword)));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the live-name index
        {
            throw new BatchNameTakenException(draft.Name);
        }

        foreach (var user in draft.Users.DistinctBy(u => u.EmailAddress, StringComparer.OrdinalIgnoreCase))
            await ExecuteAsync(connection, transaction, "INSERT INTO batch_users (batch_id, email_address, state, user_name, user_root, secret) VALUES ($id, $email, $state, $user, $root, $secret)", cancellationToken,
                ("$id", Id(batch.Id)), ("$email", user.EmailAddress.ToLowerInvariant()), ("$state", nameof(UserState.Queued)),
                ("$user", user.UserName), ("$root", Nullable(user.UserRoot)), ("$secret", Nullable(user.ProtectedPassword)));
        await RecordAsync(connection, transaction, batch.Id, null, "-", nameof(BatchState.Created), draft.CreatedBy, null, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    public async Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE id = $p", Id(id), cancellationToken)).FirstOrDefault();

    public async Task<Batch?> FindLiveAsync(string name, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE name_key = $p AND state <> 'Removing'", name.ToUpperInvariant(), cancellationToken)).FirstOrDefault();

    // rowid breaks ties of batches created in the same millisecond (without it SQLite may read them through the live-name index, by name).
    public async Task<IReadOnlyList<Batch>> ListLiveAsync(CancellationToken cancellationToken) =>
        await QueryBatchesAsync("WHERE state <> $p ORDER BY created_at, rowid", nameof(BatchState.Removing), cancellationToken);

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

    public async Task UpdateSettingsAsync(Guid id, BatchSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batches SET settings = $settings, updated_at = $at WHERE id = $id", cancellationToken,
            ("$id", Id(id)), ("$settings", JsonSerializer.Serialize(settings, BatchJson.Default.BatchSettings)), ("$at", _time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task SetProgressActivityAsync(Guid id, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batches SET progress_activity_id = $activity WHERE id = $id", cancellationToken, ("$id", Id(id)), ("$activity", activityId));
    }

    public async Task<IReadOnlyList<StateChange>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT email_address, from_state, to_state, cause, reason, at FROM batch_history WHERE batch_id = $p ORDER BY seq", Id(id),
            r => new StateChange(id, NullableString(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))),
            cancellationToken);

    public async Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "INSERT INTO audit_log (at, actor, action, batch_name, allowed, detail) VALUES ($at, $actor, $action, $batch, $allowed, $detail)", cancellationToken,
            ("$at", entry.At.ToUnixTimeMilliseconds()), ("$actor", entry.Actor), ("$action", entry.Action), ("$batch", Nullable(entry.BatchName)),
            ("$allowed", entry.Allowed ? 1 : 0), ("$detail", Nullable(entry.Detail)));
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(int limit, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT at, actor, action, batch_name, allowed, detail FROM audit_log ORDER BY seq DESC LIMIT $p", limit.ToString(CultureInfo.InvariantCulture),
            r => new AuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetInt64(4) != 0, NullableString(r, 5)),
            cancellationToken);

    private Task<List<Batch>> QueryBatchesAsync(string where, string parameter, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {BatchColumns} FROM batches {where}", parameter,
            r => new Batch(Guid.Parse(r.GetString(0)), r.GetString(1), Enum.Parse<BatchState>(r.GetString(2)), r.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
                JsonSerializer.Deserialize(r.GetString(6), BatchJson.Default.BatchSettings)!, NullableString(r, 7), NullableString(r, 8)),
            cancellationToken);

    /// <summary>Runs a query with one parameter, <c>$p</c>, and reads every row.</summary>
    private async Task<List<T>> ReadAsync<T>(
        string sql, string parameter, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] more)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        foreach (var (name, value) in more)
            command.Parameters.AddWithValue(name, value);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private static Task RecordAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid id, string? address, string from, string to, string cause, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "INSERT INTO batch_history (batch_id, email_address, from_state, to_state, cause, reason, at) VALUES ($id, $email, $from, $to, $cause, $reason, $at)", cancellationToken,
            ("$id", Id(id)), ("$email", Nullable(address)), ("$from", from), ("$to", to), ("$cause", cause), ("$reason", Nullable(reason)), ("$at", at.ToUnixTimeMilliseconds()));

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);
}
