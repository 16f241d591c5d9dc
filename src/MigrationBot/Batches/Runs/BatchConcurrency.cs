using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// How many mailboxes sync at once in this process: at most the batch's "mailboxes at once", and across every batch
/// on one source endpoint at most that endpoint's limit (Exchange's MaxConcurrentMigrations per endpoint), so two
/// waves from one server do not double its load.
/// </summary>
public sealed class BatchConcurrency(IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _batches = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The same limits as scopes every replica shares (<see cref="Slots.ClusterSlots"/>): the batch's, and its source endpoint's.</summary>
    public IReadOnlyList<(string Scope, int Limit)> ClusterScopes(Batch batch) =>
    [
        ($"batch:{batch.Id:D}", batch.Settings.MaxConcurrentMailboxes),
        ($"endpoint:{batch.Settings.Source}", EndpointLimit(batch)),
    ];

    public async Task<IDisposable> AcquireAsync(Batch batch, CancellationToken cancellationToken)
    {
        var own = _batches.GetOrAdd(batch.Id, _ => new SemaphoreSlim(Math.Max(1, batch.Settings.MaxConcurrentMailboxes)));
        var endpointKey = batch.Settings.Source.ToString();
        var shared = _endpoints.GetOrAdd(endpointKey, _ => new SemaphoreSlim(Math.Max(1, EndpointLimit(batch))));
        await own.WaitAsync(cancellationToken);
        try
        {
            await shared.WaitAsync(cancellationToken);
        }
        catch
        {
            own.Release();
            throw;
        }

        return new Slot(own, shared);
    }

    private int EndpointLimit(Batch batch) =>
        batch.Settings.EndpointName is { } name && endpoints.CurrentValue.TryGetValue(name, out var saved)
            ? saved.MaxConcurrentMailboxes
            : batch.Settings.MaxConcurrentMailboxes;

    private sealed class Slot(SemaphoreSlim own, SemaphoreSlim shared) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                shared.Release();
                own.Release();
            }
        }
    }
}
