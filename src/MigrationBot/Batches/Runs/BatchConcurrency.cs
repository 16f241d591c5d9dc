using System.Collections.Concurrent;

namespace MigrationBot.Batches.Runs;

/// <summary>How many of a batch's mailboxes sync at once in this process: the form's "mailboxes at once".</summary>
public sealed class BatchConcurrency
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _slots = new();

    public async Task<IDisposable> AcquireAsync(Guid batchId, int limit, CancellationToken cancellationToken)
    {
        var slots = _slots.GetOrAdd(batchId, _ => new SemaphoreSlim(Math.Max(1, limit)));
        await slots.WaitAsync(cancellationToken);
        return new Slot(slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private SemaphoreSlim? _slots = slots;

        public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
    }
}
