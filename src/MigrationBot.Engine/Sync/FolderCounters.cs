using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>Counts for one folder's pass, kept across reconnects of that pass. Thread-safe.</summary>
internal sealed class FolderCounters(string sourceFolder, string targetFolder)
{
    private readonly object _lock = new();
    private readonly List<SkippedItem> _skips = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _copied;
    private int _failed;
    private int _flagsUpdated;
    private int _keywordsNotStored;
    private long _bytes;

    public int Found { get; set; }

    public int AlreadyPresent { get; set; }

    public int Copied => Volatile.Read(ref _copied);

    public int Failed => Volatile.Read(ref _failed);

    public void AddCopied(int count, long bytes, int keywordsNotStored)
    {
        Interlocked.Add(ref _copied, count);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _keywordsNotStored, keywordsNotStored);
    }

    public void AddFlagsUpdated(int count) => Interlocked.Add(ref _flagsUpdated, count);

    public void Skip(SkippedItem item)
    {
        lock (_lock)
            _skips.Add(item);
    }

    public void Fail(SkippedItem item)
    {
        Interlocked.Increment(ref _failed);
        Skip(item);
    }

    /// <summary>Forgets skips recorded by an attempt that is being repeated, so a reconnect does not count them twice.</summary>
    public void ResetForRetry()
    {
        lock (_lock)
            _skips.RemoveAll(s => !s.Reason.StartsWith("failed", StringComparison.Ordinal));
    }

    public FolderStatistics ToStatistics()
    {
        lock (_lock)
        {
            var skipped = _skips.Count - _failed;
            return new FolderStatistics(
                sourceFolder, targetFolder, Found, _copied, AlreadyPresent, skipped, _failed, _bytes, _flagsUpdated, _keywordsNotStored, _clock.Elapsed, _skips.ToArray());
        }
    }
}
