using Microsoft.Data.Sqlite;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>Reads a host's application database from outside, as the host writes it: batch states and ledger progress.</summary>
internal sealed class BatchDatabase(string path)
{
    private readonly SqliteBatchStore _store = new(path, TimeProvider.System);

    public IBatchStore Store => _store;

    /// <summary>Messages the ledger holds as committed (copied and confirmed) for every mailbox.</summary>
    public async Task<long> CommittedAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ledger_messages WHERE state = 1";
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    public async Task<Batch> WaitForAsync(string name, Func<BatchState, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await _store.FindLiveAsync(name, cancellationToken);
            if (batch is not null && reached(batch.State))
                return batch;
            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task WaitForCommittedAsync(long atLeast, CancellationToken cancellationToken)
    {
        while (await CommittedAsync(cancellationToken) < atLeast)
            await Task.Delay(20, cancellationToken);
    }
}
