using MailKit;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Re-applies flag and keyword changes made on the source since the last pass to the target copies. Messages with
/// the same new flags are stored in one <c>UID STORE … FLAGS.SILENT</c>, so a pass that changed nothing sends nothing.
/// </summary>
internal static class FlagSync
{
    /// <returns>How many target messages were updated.</returns>
    public static Task<int> SyncAsync(
        IMailFolder target,
        MailboxLedger ledger,
        string sourceFolder,
        uint uidValidity,
        IReadOnlyDictionary<uint, LedgerEntry> entries,
        IEnumerable<IMessageSummary> sourceFlags,
        CancellationToken cancellationToken) =>
        SyncAsync(target, ledger, sourceFolder, uidValidity, entries,
            sourceFlags.Select(s => (s.UniqueId.Id, (s.Flags ?? MessageFlags.None) & SyncedFlags.Mask, SyncedFlags.Keywords(s.Keywords))), cancellationToken);

    /// <summary>As above, for flags already read (UID, system flags, space-separated keywords).</summary>
    public static async Task<int> SyncAsync(
        IMailFolder target,
        MailboxLedger ledger,
        string sourceFolder,
        uint uidValidity,
        IReadOnlyDictionary<uint, LedgerEntry> entries,
        IEnumerable<(uint Uid, MessageFlags Flags, string Keywords)> sourceFlags,
        CancellationToken cancellationToken)
    {
        var keywords = new TargetKeywords(target);
        var changes = new List<(uint SourceUid, uint TargetUid, MessageFlags Flags, string Keywords)>();
        foreach (var (uid, flags, words) in sourceFlags)
        {
            if (!entries.TryGetValue(uid, out var entry) || entry.State != LedgerState.Committed || entry.TargetUid is not { } targetUid)
                continue;
            if (!entry.TargetFolder.Equals(target.FullName, StringComparison.Ordinal))
                continue;
            if (flags != entry.Flags || !string.Equals(words, entry.Keywords, StringComparison.Ordinal))
                changes.Add((uid, targetUid, flags, words));
        }

        if (changes.Count == 0)
            return 0;

        foreach (var group in changes.GroupBy(c => (c.Flags, c.Keywords)))
        {
            var (stored, _) = keywords.Split(group.Key.Keywords);
            var request = new StoreFlagsRequest(StoreAction.Set, group.Key.Flags, stored) { Silent = true };
            var uids = group.Select(c => new UniqueId(c.TargetUid)).ToList();
            await target.StoreAsync(uids, request, cancellationToken);
        }

        await ledger.UpdateFlagsAsync(sourceFolder, uidValidity, changes.Select(c => (c.SourceUid, c.Flags, c.Keywords)).ToList(), cancellationToken);
        return changes.Count;
    }
}
