namespace MigrationBot.Engine.Sync;

/// <summary>
/// How many mailboxes may sync against one target host at once, across every run of the process. Exchange Online
/// throttles a tenant as a whole: when one mailbox is told to back off, the others hitting the same tenant must
/// ease off too, not keep going at full width. A throttle halves the host's limit and holds new passes until the
/// suggested time; each pass that ends without a throttle raises the limit by one again, up to its ceiling.
/// </summary>
public sealed class HostGovernor(TimeProvider time, int ceiling = HostGovernor.DefaultCeiling)
{
    /// <summary>Mailboxes at once per host when nothing was throttled (Exchange: 20 concurrent incremental syncs).</summary>
    public const int DefaultCeiling = 20;

    private readonly object _lock = new();
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The host's current limit (its ceiling when it was never throttled).</summary>
    public int LimitFor(string host)
    {
        lock (_lock)
            return _hosts.TryGetValue(host, out var state) ? state.Limit : ceiling;
    }

    /// <summary>Until when the host asked to be left alone, or null.</summary>
    public DateTimeOffset? ThrottledUntil(string host)
    {
        lock (_lock)
            return _hosts.TryGetValue(host, out var state) && state.Until > time.GetUtcNow() ? state.Until : null;
    }

    /// <summary>Since when the host has been throttling without a break, while it is; null when it is not.</summary>
    public DateTimeOffset? ThrottledSince(string host)
    {
        lock (_lock)
            return _hosts.TryGetValue(host, out var state) && state.Until > time.GetUtcNow() ? state.Since : null;
    }

    /// <summary>
    /// How many times each host refused work as busy since the process started (hosts never throttled are left out):
    /// what the host's metrics count as throttle events, read here so the engine needs no telemetry of its own.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> ThrottleCounts()
    {
        lock (_lock)
            return [.. _hosts.Where(h => h.Value.Throttles > 0).Select(h => KeyValuePair.Create(h.Key, h.Value.Throttles))];
    }

    /// <summary>
    /// Waits for a slot on <paramref name="host"/> and takes it; <paramref name="waiting"/> is told why when it has
    /// to wait (throttled until a time, or the limit reached). Dispose the slot when the pass ends.
    /// </summary>
    public async Task<IDisposable> AcquireAsync(string host, Action<string>? waiting, CancellationToken cancellationToken)
    {
        for (var announced = false; ; announced = true)
        {
            TimeSpan wait;
            Task changed;
            lock (_lock)
            {
                var state = StateOf(host);
                var now = time.GetUtcNow();
                if (state.Until <= now && state.Active < state.Limit)
                {
                    state.Active++;
                    return new Slot(this, host);
                }

                wait = state.Until > now ? state.Until - now : Timeout.InfiniteTimeSpan;
                changed = state.Changed.Task;
                if (!announced)
                    waiting?.Invoke(state.Until > now
                        ? $"{host} is throttling: waiting until {state.Until:HH:mm:ss} UTC ({state.Limit} mailbox(es) at a time for now)"
                        : $"waiting for a slot: {state.Active} mailbox(es) syncing with {host}, {state.Limit} at a time since it throttled");
            }

            if (wait == Timeout.InfiniteTimeSpan)
                await changed.WaitAsync(cancellationToken);
            else
                await Task.WhenAny(changed, Task.Delay(wait, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The host refused work as busy: halve its limit and hold new passes for <paramref name="backoff"/>.</summary>
    public void Throttled(string host, TimeSpan backoff)
    {
        lock (_lock)
        {
            var state = StateOf(host);
            state.Throttles++;
            state.Limit = Math.Max(1, state.Limit / 2);
            var now = time.GetUtcNow();
            // A throttle while the last one still holds continues that episode; one after it ended starts a new one.
            if (state.Until <= now)
                state.Since = now;
            var until = now + backoff;
            if (until > state.Until)
                state.Until = until;
            state.Signal();
        }
    }

    /// <summary>A pass ended without being throttled: the host takes one more mailbox at a time.</summary>
    public void Clean(string host)
    {
        lock (_lock)
        {
            var state = StateOf(host);
            if (state.Limit < ceiling)
                state.Limit++;
            state.Signal();
        }
    }

    private void Release(string host)
    {
        lock (_lock)
        {
            var state = StateOf(host);
            state.Active--;
            state.Signal();
        }
    }

    private HostState StateOf(string host)
    {
        if (!_hosts.TryGetValue(host, out var state))
            _hosts[host] = state = new HostState { Limit = ceiling };
        return state;
    }

    private sealed class HostState
    {
        public int Limit { get; set; }

        public int Active { get; set; }

        public long Throttles { get; set; }

        public DateTimeOffset Until { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset Since { get; set; } = DateTimeOffset.MinValue;

        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Wakes every waiter to look again.</summary>
        public void Signal()
        {
            var woken = Changed;
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            woken.TrySetResult();
        }
    }

    private sealed class Slot(HostGovernor owner, string host) : IDisposable
    {
        private HostGovernor? _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(host);
    }
}
