using Microsoft.Extensions.Configuration;

namespace MigrationBot.Batches.Slots;

/// <summary>
/// How many passes this replica runs at once when it shares the work with others (<c>Batches:PassesPerReplica</c>,
/// default ten a processor core, at least ten: passes wait on the network more than they compute): past it, a pass is handed back to the cluster, so a replica that happened to fire
/// a whole batch's jobs runs its share and leaves the rest to the others, instead of queueing them behind its own slots.
/// A single host (SQLite) has no such cap: the batch's and the endpoint's limits are its only ones.
/// </summary>
public sealed class ReplicaCapacity(IConfiguration configuration)
{
    private readonly int _limit = Math.Max(1, configuration.GetValue("Batches:PassesPerReplica", Math.Max(10, Environment.ProcessorCount * 10)));
    private int _running;

    public int Limit => _limit;

    /// <summary>A place for one more pass here, or null when this replica runs its share already. Dispose it when the pass ends.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _running) <= _limit)
            return new Place(this);
        Interlocked.Decrement(ref _running);
        return null;
    }

    private sealed class Place(ReplicaCapacity capacity) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                Interlocked.Decrement(ref capacity._running);
        }
    }
}
