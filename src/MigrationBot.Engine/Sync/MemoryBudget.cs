namespace MigrationBot.Engine.Sync;

/// <summary>
/// A process-wide cap on the bytes of messages held in memory between FETCH and APPEND, shared by every
/// mailbox of a run, so memory stays flat however many mailboxes copy at once. Waiters are served first come,
/// first served; a message larger than the whole budget takes all of it.
/// </summary>
public sealed class MemoryBudget
{
    private readonly object _lock = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Ready)> _waiters = new();
    private long _available;

    /// <summary>
    /// Most message bytes held between FETCH and APPEND by the whole process unless configured otherwise: a few
    /// batches in flight per mailbox for a handful of mailboxes; a message larger than this still travels, alone.
    /// </summary>
    public const long DefaultCapacity = 32L * 1024 * 1024;

    public MemoryBudget(long capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _available = capacity;
    }

    public long Capacity { get; }

    /// <summary>The bytes free now; equal to <see cref="Capacity"/> when nothing holds a lease.</summary>
    public long Available
    {
        get
        {
            lock (_lock)
                return _available;
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> (at most the capacity) are free and takes them.</summary>
    public async ValueTask<Lease> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        var amount = Math.Clamp(bytes, 1, Capacity);
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= amount)
            {
                _available -= amount;
                return new Lease(this, amount);
            }

            node = _waiters.AddLast((amount, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Item2.Task.WaitAsync(cancellationToken);
            return new Lease(this, amount);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    throw;
                }
            }

            // Granted just as it was cancelled: hand the bytes back.
            Release(amount);
            throw;
        }
    }

    private void Release(long bytes)
    {
        lock (_lock)
        {
            _available += bytes;
            while (_waiters.First is { } first && first.Value.Bytes <= _available)
            {
                _available -= first.Value.Bytes;
                _waiters.RemoveFirst();
                first.Value.Ready.TrySetResult();
            }
        }
    }

    /// <summary>Bytes taken from the budget; dispose to give them back.</summary>
    public sealed class Lease : IDisposable
    {
        private MemoryBudget? _owner;
        private readonly long _bytes;

        internal Lease(MemoryBudget owner, long bytes)
        {
            _owner = owner;
            _bytes = bytes;
        }

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_bytes);
    }
}
