using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// What one pass over a mailbox knows across its folders: which folders it has synced so far (a message that matches
/// one of theirs is a copy the user made, not a move), and the new messages it held back because they match a
/// message of a folder it has not reached yet (moved from there, or copied: that folder decides).
/// </summary>
internal sealed class PassState(IEnumerable<string> plannedFolders)
{
    private readonly HashSet<string> _planned = new(plannedFolders, StringComparer.Ordinal);
    private readonly HashSet<string> _synced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Held> _deferred = new(StringComparer.Ordinal);

    /// <summary>A folder's held-back messages, and the clean state to record once they are placed.</summary>
    public sealed record Held(FolderMapping Mapping, List<MessageCandidate> Candidates, FolderState Clean);

    /// <summary>True when the folder will still be synced later in this pass.</summary>
    public bool IsPending(string sourceFolder) => _planned.Contains(sourceFolder) && !_synced.Contains(sourceFolder);

    public void Synced(string sourceFolder) => _synced.Add(sourceFolder);

    public void Defer(FolderMapping mapping, IReadOnlyList<MessageCandidate> candidates, FolderState clean)
    {
        if (candidates.Count > 0)
            _deferred[mapping.Source.FullName] = new Held(mapping, [.. candidates], clean);
    }

    /// <summary>The held-back messages, by folder; taking them clears them.</summary>
    public IReadOnlyList<Held> TakeDeferred()
    {
        var all = _deferred.Values.ToList();
        _deferred.Clear();
        return all;
    }
}
