using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>Counts for one folder's pass, kept across reconnects of that pass. Thread-safe.</summary>
internal sealed class FolderCounters(string sourceFolder, string targetFolder)
{
    private readonly object _lock = new();
    private readonly List<SkippedItem> _skips = [];
    private readonly List<SkippedItem> _failures = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _copied;
    private int _flagsUpdated;
    private readonly List<UnstoredKeywords> _unstoredKeywords = [];
    private long _bytes;
    private int _movedIn;
    private int _adopted;
    private int _vanished;
    private int _removedOnTarget;

    public int Found { get; set; }

    /// <summary>
    /// Messages the target already held when this run first looked at the folder. Set once per run: a pass
    /// retried after a throttle or a dropped connection does not count as present what this run copied.
    /// </summary>
    public int AlreadyPresent { get; private set; }

    /// <summary>Whether an attempt of this run got as far as comparing the folder with the target.</summary>
    public bool HasSeenTarget { get; private set; }

    public void SeeTarget(int alreadyPresent)
    {
        if (HasSeenTarget)
            return;
        AlreadyPresent = alreadyPresent;
        HasSeenTarget = true;
    }

    /// <summary>
    /// Starts comparing the folder with the target window by window; true the first time in this run, when the
    /// windows' counts of messages already present are to be added (a retried attempt would count this run's copies).
    /// </summary>
    public bool BeginLook()
    {
        if (HasSeenTarget)
            return false;
        HasSeenTarget = true;
        return true;
    }

    /// <summary>Messages of one window that the target already held (first look of the run only).</summary>
    public void AddAlreadyPresent(int count) => AlreadyPresent += count;

    public int Copied => Volatile.Read(ref _copied);

    /// <summary>Bytes of the messages copied so far.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public int Failed
    {
        get
        {
            lock (_lock)
                return _failures.Count;
        }
    }

    /// <param name="unstoredKeywords">Those of the copied messages that arrived without some of their keywords.</param>
    public void AddCopied(int count, long bytes, IEnumerable<UnstoredKeywords> unstoredKeywords)
    {
        Interlocked.Add(ref _copied, count);
        Interlocked.Add(ref _bytes, bytes);
        lock (_lock)
            _unstoredKeywords.AddRange(unstoredKeywords);
    }

    public void AddFlagsUpdated(int count) => Interlocked.Add(ref _flagsUpdated, count);

    /// <summary>Messages filed into this folder on the source whose target copies were moved here, not copied again.</summary>
    public void AddMovedIn(int count) => Interlocked.Add(ref _movedIn, count);

    /// <summary>Messages found on the target already (put there by another tool or ledger) and recorded, not copied.</summary>
    public void AddAdopted(int count) => Interlocked.Add(ref _adopted, count);

    /// <summary>Messages no longer in this source folder (moved elsewhere or deleted) since the last pass.</summary>
    public void AddVanished(int count) => Interlocked.Add(ref _vanished, count);

    /// <summary>Copies expunged on the target because their messages were deleted on the source (mirror mode).</summary>
    public void AddRemovedOnTarget(int count) => Interlocked.Add(ref _removedOnTarget, count);

    /// <summary>A message left out by rule (size, date filter); decided again on every attempt.</summary>
    public void Skip(SkippedItem item)
    {
        lock (_lock)
            _skips.Add(item);
    }

    /// <summary>
    /// A message (or the folder) that could not be copied because of an error. A message refused again by the
    /// retry of an interrupted pass (or a folder failing again) replaces its earlier entry, so it is counted once.
    /// </summary>
    public void Fail(SkippedItem item)
    {
        lock (_lock)
        {
            _failures.RemoveAll(f => f.Folder == item.Folder && f.Uid == item.Uid);
            _failures.Add(item);
        }
    }

    /// <summary>Forgets the rule skips of an attempt that is being repeated, so a reconnect does not count them twice.</summary>
    public void ResetForRetry()
    {
        lock (_lock)
            _skips.Clear();
    }

    public FolderStatistics ToStatistics()
    {
        lock (_lock)
        {
            return new FolderStatistics(
                sourceFolder, targetFolder, Found, _copied, AlreadyPresent, _skips.Count, _failures.Count, _bytes, _flagsUpdated, _unstoredKeywords.Count,
                _clock.Elapsed, [.. _skips, .. _failures], [.. _unstoredKeywords])
            {
                MovedIn = _movedIn,
                Adopted = _adopted,
                VanishedOnSource = _vanished,
                RemovedOnTarget = _removedOnTarget,
            };
        }
    }
}
