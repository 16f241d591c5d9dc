using Microsoft.Data.Sqlite;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// The host's application database read from outside, read-only, as the host writes it: a batch's state, its own moves
/// (batch_history rows without a mailbox) with their times, and the ledger's committed messages.
/// </summary>
internal sealed class HostDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString();

    public sealed record Move(string From, string To, DateTimeOffset At);

    /// <summary>The live batch's id and state, or null before it exists.</summary>
    public async Task<(string Id, string State)?> BatchAsync(string name, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT id, state FROM batches WHERE name = $p AND state <> 'Removing'", name, r => (r.GetString(0), r.GetString(1)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The batch's moves in the order they were made; <c>at</c> is the host's clock in Unix milliseconds.</summary>
    public Task<List<Move>> MovesAsync(string batchId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT from_state, to_state, at FROM batch_history WHERE batch_id = $p AND email_address IS NULL ORDER BY seq", batchId,
            r => new Move(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), cancellationToken);

    /// <summary>Messages the ledger holds as committed (state 1: appended and confirmed with the target's UID) for the batch's mailboxes.</summary>
    public async Task<long> CommittedAsync(string batchId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT count(*) FROM ledger_messages WHERE state = 1 AND mailbox IN (SELECT email_address FROM batch_users WHERE batch_id = $p)", batchId,
            r => r.GetInt64(0), cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Messages the ledger holds as committed for these mailboxes: a replica's own ledger when the batch lives in
    /// PostgreSQL, so this file has no batch_users to join (0 when the file is missing: the replica copied nothing).
    /// </summary>
    public async Task<long> CommittedAsync(IReadOnlyCollection<string> mailboxes, CancellationToken cancellationToken) =>
        !File.Exists(path) ? 0 : (await QueryAsync("SELECT count(*) FROM ledger_messages WHERE state = 1 AND mailbox IN (SELECT value FROM json_each($p))",
            System.Text.Json.JsonSerializer.Serialize(mailboxes), r => r.GetInt64(0), cancellationToken)).SingleOrDefault();

    private async Task<List<T>> QueryAsync<T>(string sql, object parameter, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        var rows = new List<T>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(reader));
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // The host creates its tables on first use.
        }

        return rows;
    }
}
