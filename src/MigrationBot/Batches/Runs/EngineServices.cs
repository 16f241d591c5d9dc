using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// The engine's process-wide parts for every batch: the ledger (in the application database, so its mailbox leases
/// sit beside the batches: the SQLite file, or PostgreSQL shared by every replica, so a mailbox taken over by another
/// replica goes on from what was committed), the one budget for message bytes in flight, and the one governor of
/// mailboxes per host.
/// </summary>
/// <remarks>
/// <c>Batches:MailboxLeaseSeconds</c> (default 120): how long a pass's hold on its mailbox lasts unless renewed, so how
/// soon a mailbox held by a replica killed on another machine is taken over.
/// </remarks>
public sealed class EngineServices(IOptions<StoreOptions> store, TimeProvider time, ILoggerFactory logs, IConfiguration configuration) : IAsyncDisposable
{
    private readonly TimeSpan _leaseDuration = TimeSpan.FromSeconds(configuration.GetValue("Batches:MailboxLeaseSeconds", 120.0));
    private readonly Lock _gate = new();
    private Task<MigrationLedger>? _ledger;

    public MemoryBudget Memory { get; } = new();

    public HostGovernor Hosts { get; } = new(time);

    /// <summary>The ledger, opened at first use; opened again if that failed (the database was away longer than it waits).</summary>
    public Task<MigrationLedger> LedgerAsync()
    {
        lock (_gate)
        {
            if (_ledger is null || _ledger.IsFaulted || _ledger.IsCanceled)
                _ledger = OpenLedgerAsync(store.Value, time, logs, _leaseDuration);
            return _ledger;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is { IsCompletedSuccessfully: true } opened)
            await opened.Result.DisposeAsync();
    }

    private static async Task<MigrationLedger> OpenLedgerAsync(StoreOptions options, TimeProvider time, ILoggerFactory logs, TimeSpan leaseDuration)
    {
        var ledger = options.UsesPostgreSql
            ? await MigrationLedger.OpenPostgreSqlAsync(
                options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Store:PostgreSqlConnectionString is not set."),
                time, logs.CreateLogger<MigrationLedger>(), CancellationToken.None)
            : await MigrationLedger.OpenAsync(options.SqlitePath!, time, CancellationToken.None);
        ledger.LeaseDuration = leaseDuration;
        return ledger;
    }
}
