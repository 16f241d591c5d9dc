using System.Text.Json;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Storage;
using Npgsql;
using NpgsqlTypes;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Batches.Storage;

/// <summary>
/// The batch store in PostgreSQL, for several replicas sharing one database: the same contract and contract tests as
/// <see cref="SqliteBatchStore"/>. Compare-and-set moves hold under concurrency because an <c>UPDATE … WHERE state = from</c>
/// that waited for another's commit re-reads the row (READ COMMITTED) and then matches nothing.
/// </summary>
public sealed partial class PostgresBatchStore : IBatchStore, IAsyncDisposable, IDisposable
{
    private const string BatchColumns = "id, name, state, created_by, created_at, updated_at, settings, conversation_id, progress_activity_id";

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>A store on the database <paramref name="connectionString"/> names; its tables are created or upgraded on first use.</summary>
    public PostgresBatchStore(string connectionString, TimeProvider time, ILogger<PostgresBatchStore>? logger = null)
    {
        _database = new PostgresDatabase(connectionString, PostgresBatchSchema.Area, PostgresBatchSchema.Migrations, logger);
        _time = time;
    }

    /// <summary>Opens the store and brings its tables up to date now, not at first use.</summary>
    public static async Task<PostgresBatchStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new PostgresBatchStore(connectionString, time);
        try
        {
            await using var connection = await store.ConnectAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>The schema version of the batch tables this build writes.</summary>
    public static int SchemaVersion => PostgresBatchSchema.Migrations.Count;

    /// <summary>Opens a connection (upgrading the tables first, the first time) and asks the server one trivial question.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    public async Task<Batch> CreateAsync(BatchDraft draft, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var batch = new Batch(Guid.NewGuid(), draft.Name, BatchState.Created, draft.CreatedBy, now, now, draft.Settings, draft.ConversationId, null);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO batches (id, name, name_key, state, created_by, created_at, updated_at, settings, conversation_id, admin_secret)
                VALUES (@id, @name, @key, @state, @by, @at, @at, @settings, @conversation, @admin)
                """, cancellationToken,
                Value("id", batch.Id), Text("name", draft.Name), Text("key", draft.Name.ToUpperInvariant()), Text("state", nameof(BatchState.Created)),
                Text("by", draft.CreatedBy), Time("at", now), Json("settings", draft.Settings), Text("conversation", draft.ConversationId),
                Text("admin", draft.ProtectedAdminPassword));
        }
        catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "batches_live_name" })
        {
            throw new BatchNameTakenException(draft.Name);
        }

        foreach (var user in draft.Users.DistinctBy(u => u.EmailAddress, StringComparer.OrdinalIgnoreCase))
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO batch_users (batch_id, email_address, state, user_name, user_root, secret) VALUES (@id, @email, @state, @user, @root, @secret)", cancellationToken,
                Value("id", batch.Id), Text("email", user.EmailAddress.ToLowerInvariant()), Text("state", nameof(UserState.Queued)),
                Text("user", user.UserName), Text("root", user.UserRoot), Text("secret", user.ProtectedPassword));
        }

        await RecordAsync(connection, transaction, batch.Id, null, "-", nameof(BatchState.Created), draft.CreatedBy, null, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch;
    }

    public async Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE id = @p", Value("p", id), cancellationToken)).FirstOrDefault();

    public async Task<Batch?> FindLiveAsync(string name, CancellationToken cancellationToken) =>
        (await QueryBatchesAsync("WHERE name_key = @p AND state <> 'Removing'", Text("p", name.ToUpperInvariant()), cancellationToken)).FirstOrDefault();

    // seq breaks ties of batches created in the same millisecond, as SQLite's rowid does.
    public async Task<IReadOnlyList<Batch>> ListLiveAsync(CancellationToken cancellationToken) =>
        await QueryBatchesAsync("WHERE state <> @p ORDER BY created_at, seq", Text("p", nameof(BatchState.Removing)), cancellationToken);

    public async Task<bool> MoveAsync(Guid id, BatchState from, BatchState to, string cause, CancellationToken cancellationToken)
    {
        BatchLifecycle.Table.Ensure(from, to);
        var now = _time.GetUtcNow();
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var moved = await ExecuteAsync(connection, transaction, "UPDATE batches SET state = @to, updated_at = @at WHERE id = @id AND state = @from", cancellationToken,
            Value("id", id), Text("from", from.ToString()), Text("to", to.ToString()), Time("at", now));
        if (moved == 0)
            return false;
        await RecordAsync(connection, transaction, id, null, from.ToString(), to.ToString(), cause, null, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task UpdateSettingsAsync(Guid id, BatchSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batches SET settings = @settings, updated_at = @at WHERE id = @id", cancellationToken,
            Value("id", id), Json("settings", settings), Time("at", _time.GetUtcNow()));
    }

    public async Task SetProgressActivityAsync(Guid id, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE batches SET progress_activity_id = @activity WHERE id = @id", cancellationToken, Value("id", id), Text("activity", activityId));
    }

    public async Task<IReadOnlyList<StateChange>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT email_address, from_state, to_state, cause, reason, at FROM batch_history WHERE batch_id = @id ORDER BY seq",
            r => new StateChange(id, NullableString(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), NullableString(r, 4), ReadTime(r, 5)),
            cancellationToken, Value("id", id));

    public async Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await ExecuteAsync(connection, null, "INSERT INTO audit_log (at, actor, action, batch_name, allowed, detail) VALUES (@at, @actor, @action, @batch, @allowed, @detail)", cancellationToken,
            Time("at", entry.At), Text("actor", entry.Actor), Text("action", entry.Action), Text("batch", entry.BatchName), Value("allowed", entry.Allowed), Text("detail", entry.Detail));
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(int limit, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT at, actor, action, batch_name, allowed, detail FROM audit_log ORDER BY seq DESC LIMIT @limit",
            r => new AuditEntry(ReadTime(r, 0), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetBoolean(4), NullableString(r, 5)),
            cancellationToken, Value("limit", limit));

    private Task<List<Batch>> QueryBatchesAsync(string where, NpgsqlParameter parameter, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {BatchColumns} FROM batches {where}",
            r => new Batch(r.GetGuid(0), r.GetString(1), Enum.Parse<BatchState>(r.GetString(2)), r.GetString(3), ReadTime(r, 4), ReadTime(r, 5),
                JsonSerializer.Deserialize(r.GetString(6), BatchJson.Default.BatchSettings)!, NullableString(r, 7), NullableString(r, 8)),
            cancellationToken, parameter);

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(read(reader));
        return rows;
    }

    private static Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string? address, string from, string to, string cause, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO batch_history (batch_id, email_address, from_state, to_state, cause, reason, at) VALUES (@id, @email, @from, @to, @cause, @reason, @at)", cancellationToken,
            Value("id", id), Text("email", address), Text("from", from), Text("to", to), Text("cause", cause), Text("reason", reason), Time("at", at));

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Value<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Json(string name, BatchSettings settings) =>
        new(name, NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(settings, BatchJson.Default.BatchSettings) };

    /// <summary>Kept to the millisecond, as the SQLite store keeps it: a stamp read back equals the one compared with later.</summary>
    private static NpgsqlParameter Time(string name, DateTimeOffset? value) => new(name, NpgsqlDbType.TimestampTz)
    {
        Value = value is { } at ? DateTime.UnixEpoch.AddMilliseconds(at.ToUnixTimeMilliseconds()) : DBNull.Value,
    };

    private static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => new(reader.GetFieldValue<DateTime>(ordinal));

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);
}
