using MigrationBot.Bench.HostBatch;
using Npgsql;

namespace MigrationBot.Bench.Replicas;

/// <summary>
/// The replicas' shared PostgreSQL database read from outside, as <see cref="HostDatabase"/> reads a lone host's
/// SQLite file: a batch's state, its own moves (batch_history rows without a mailbox) with their times, its mailboxes,
/// and the messages a ledger kept in this database holds as committed.
/// </summary>
internal sealed class ClusterDatabase(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    /// <summary>The live batch's id and state, or null before it exists.</summary>
    public async Task<(Guid Id, string State)?> BatchAsync(string name, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT id, state FROM batches WHERE name = @p AND state <> 'Removing'", name, r => (r.GetGuid(0), r.GetString(1)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The batch's moves in the order they were made, at the host's clock.</summary>
    public Task<List<HostDatabase.Move>> MovesAsync(Guid batchId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT from_state, to_state, at FROM batch_history WHERE batch_id = @p AND email_address IS NULL ORDER BY seq", batchId,
            r => new HostDatabase.Move(r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)), cancellationToken);

    /// <summary>The batch's mailboxes (target addresses, as the ledger keys them) and each one's state.</summary>
    public Task<List<(string Mailbox, string State)>> MailboxesAsync(Guid batchId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT email_address, state FROM batch_users WHERE batch_id = @p ORDER BY email_address", batchId, r => (r.GetString(0), r.GetString(1)), cancellationToken);

    /// <summary>Messages a ledger in this database holds as committed for the batch's mailboxes; 0 while the ledger lives elsewhere (no such table).</summary>
    public async Task<long> CommittedAsync(Guid batchId, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT count(*) FROM ledger_messages WHERE state = 1 AND mailbox IN (SELECT email_address FROM batch_users WHERE batch_id = @p)", batchId,
            r => r.GetInt64(0), cancellationToken)).SingleOrDefault();

    private async Task<List<T>> QueryAsync<T>(string sql, object parameter, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(sql);
        command.Parameters.AddWithValue("p", parameter);
        var rows = new List<T>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(reader));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The host creates its tables on first use.
        }

        return rows;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
