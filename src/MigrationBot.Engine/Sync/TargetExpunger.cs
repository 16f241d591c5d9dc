using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Mirrors deletions made on the source (<see cref="SourceDeletions.Mirror"/>): expunges on the target the copies of
/// vanished messages, and nothing else. A target UID is expunged only if the ledger owns it and the message there
/// still has the date and the size or key that was appended: a folder recreated since, or a UID reused, is left alone.
/// </summary>
internal static class TargetExpunger
{
    /// <returns>The entries whose copies were expunged (their ledger rows are gone too).</returns>
    public static async Task<IReadOnlyList<LocatedEntry>> ExpungeAsync(ImapClient target, MailboxLedger ledger, IReadOnlyList<LocatedEntry> vanished, CancellationToken cancellationToken)
    {
        var expunged = new List<LocatedEntry>();
        if ((target.Capabilities & ImapCapabilities.UidPlus) == 0)
            return expunged; // Without UID EXPUNGE (RFC 4315) an EXPUNGE would also remove what others marked \Deleted.
        foreach (var group in vanished.Where(v => v.Entry.TargetUid is not null).GroupBy(v => v.Entry.TargetFolder))
        {
            var folder = await FolderDiscovery.FindTargetFolderAsync(target, group.Key, cancellationToken);
            if (folder is null)
            {
                await ledger.ForgetEntriesAsync(group.ToList(), cancellationToken);
                continue;
            }

            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            var uids = group.Select(v => new UniqueId(v.Entry.TargetUid!.Value)).ToList();
            var there = (await SummaryFetch.OfAsync(folder, uids, cancellationToken)).ToDictionary(c => c.Uid);
            var confirmed = group.Where(v => there.TryGetValue(v.Entry.TargetUid!.Value, out var found) && SameMessage.OnTarget(v.Entry, found) > 0).ToList();
            if (confirmed.Count > 0)
            {
                var doomed = confirmed.Select(v => new UniqueId(v.Entry.TargetUid!.Value)).ToList();
                await folder.StoreAsync(doomed, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true }, cancellationToken);
                await folder.ExpungeAsync(doomed, cancellationToken);
                expunged.AddRange(confirmed);
            }

            // Gone from the target already, or confirmed and expunged: nothing is left for these entries to own.
            await ledger.ForgetEntriesAsync(group.Where(v => !there.ContainsKey(v.Entry.TargetUid!.Value)).Concat(confirmed).ToList(), cancellationToken);
        }

        return expunged;
    }
}
