using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// The engine's process-wide parts for every batch: the ledger (in the application database, so its mailbox leases
/// sit beside the batches), the one budget for message bytes in flight, and the one governor of mailboxes per host.
/// </summary>
public sealed class EngineServices(IOptions<StoreOptions> store, TimeProvider time)
{
    private readonly Lazy<Task<MigrationLedger>> _ledger = new(() => MigrationLedger.OpenAsync(store.Value.SqlitePath!, time, CancellationToken.None));

    public MemoryBudget Memory { get; } = new();

    public HostGovernor Hosts { get; } = new(time);

    public Task<MigrationLedger> LedgerAsync() => _ledger.Value;
}
