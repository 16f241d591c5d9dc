using System.Collections.Concurrent;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// What is happening now, in this process, beside what the store holds: each running pass's folder and count, the
/// copy rate, and which batches' cards need redrawing. The <see cref="ProgressCardPublisher"/> reads it.
/// </summary>
public sealed class ProgressBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, LiveBatch> _batches = new();
    private readonly ConcurrentDictionary<Guid, byte> _dirty = new();

    /// <summary>The batch's card should be redrawn.</summary>
    public void Changed(Guid batchId) => _dirty[batchId] = 0;

    public void Report(Guid batchId, MigrationProgress progress)
    {
        var live = _batches.GetOrAdd(batchId, _ => new LiveBatch());
        live.Report(progress, time.GetUtcNow());
        Changed(batchId);
    }

    public void PassEnded(Guid batchId, string emailAddress)
    {
        if (_batches.TryGetValue(batchId, out var live))
            live.End(emailAddress);
        Changed(batchId);
    }

    public LiveBatch? Live(Guid batchId) => _batches.GetValueOrDefault(batchId);

    /// <summary>The batches with passes running in this process now.</summary>
    public IReadOnlyList<(Guid BatchId, LiveBatch Live)> Running() =>
        [.. _batches.Where(b => b.Value.Passes.Count > 0).Select(b => (b.Key, b.Value))];

    /// <summary>The batches whose cards changed since the last call, clearing the marks.</summary>
    public IReadOnlyList<Guid> TakeChanged()
    {
        var taken = new List<Guid>();
        foreach (var id in _dirty.Keys)
        {
            if (_dirty.TryRemove(id, out _))
                taken.Add(id);
        }

        return taken;
    }
}

/// <summary>The running passes of one batch and how fast they copy.</summary>
public sealed class LiveBatch
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LivePass> _passes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Folder, int Copied, DateTimeOffset At)> _advanced = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(DateTimeOffset At, int Copied)> _samples = new();
    private int _copiedThisProcess;

    public void Report(MigrationProgress progress, DateTimeOffset now)
    {
        lock (_gate)
        {
            var key = progress.EmailAddress;
            _passes.TryGetValue(key, out var before);
            var copiedBefore = before is not null && before.Folder == progress.Folder ? before.Copied : 0;
            _copiedThisProcess += Math.Max(0, progress.Copied - copiedBefore);
            _passes[key] = new LivePass(progress.Folder, progress.Copied, progress.ToCopy, progress.Status, now, progress.PassCopied, progress.PassBytes);
            // Progress is a new folder or one more message; a wait (a status with no folder) or a retry re-counting a folder is not.
            if (progress.Status is null && progress.Folder.Length > 0
                && (!_advanced.TryGetValue(key, out var last) || last.Folder != progress.Folder || progress.Copied > last.Copied))
                _advanced[key] = (progress.Folder, progress.Copied, now);
            _samples.Enqueue((now, _copiedThisProcess));
            while (_samples.Count > 2 && now - _samples.Peek().At > TimeSpan.FromSeconds(30))
                _samples.Dequeue();
        }
    }

    public void End(string emailAddress)
    {
        lock (_gate)
        {
            _passes.Remove(emailAddress);
            _advanced.Remove(emailAddress);
        }
    }

    /// <summary>When each running pass last made progress (a new folder or one more message), by mailbox.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastProgress
    {
        get
        {
            lock (_gate)
                return _advanced.ToDictionary(p => p.Key, p => p.Value.At, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>The running passes, by mailbox.</summary>
    public IReadOnlyDictionary<string, LivePass> Passes
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, LivePass>(_passes, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Messages per second over the last half minute, or null before there is a rate to tell.</summary>
    public double? MessagesPerSecond
    {
        get
        {
            lock (_gate)
            {
                if (_samples.Count < 2)
                    return null;
                var first = _samples.Peek();
                var last = _samples.Last();
                var seconds = (last.At - first.At).TotalSeconds;
                return seconds < 1 ? null : (last.Copied - first.Copied) / seconds;
            }
        }
    }
}
