using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// After a crash or a dropped connection, decides for each in-flight message whether its APPEND reached the target.
/// The target is searched above the UIDNEXT recorded before the APPEND (every UID the server can have given it is at
/// or above that marker), among UIDs no committed entry owns, for the message's content key. Found: committed with
/// that UID. Not found: forgotten, so it is copied again. The batcher never has two messages with one key in flight
/// in a folder, so a key found belongs to exactly one in-flight message.
/// </summary>
internal static class InFlightRecovery
{
    /// <returns>The in-flight messages that were found on the target (and are now committed).</returns>
    public static async Task<IReadOnlyList<LedgerEntry>> RecoverAsync(
        ImapClient target, MailboxLedger ledger, string sourceFolder, IReadOnlyList<(uint UidValidity, LedgerEntry Entry)> inFlight, CancellationToken cancellationToken)
    {
        var found = new List<LedgerEntry>();
        foreach (var byTarget in inFlight.GroupBy(e => e.Entry.TargetFolder))
        {
            var folder = await FolderDiscovery.EnsureTargetFolderAsync(target, byTarget.Key, cancellationToken);
            if (!folder.IsOpen)
                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var marker = byTarget.Min(e => e.Entry.TargetMarker);
            var owned = await ledger.LoadOwnedTargetUidsAsync(byTarget.Key, cancellationToken);
            var arrived = await SummaryFetch.SinceAsync(folder, marker, cancellationToken);
            var unclaimed = arrived
                .Where(c => !owned.Contains(c.Uid))
                .GroupBy(c => c.ContentKey)
                .ToDictionary(g => g.Key, g => new Queue<uint>(g.Select(c => c.Uid)));

            foreach (var byValidity in byTarget.GroupBy(e => e.UidValidity))
            {
                var commits = new List<Commit>();
                var committed = new List<LedgerEntry>();
                var forget = new List<uint>();
                foreach (var (_, entry) in byValidity.OrderBy(e => e.Entry.Uid))
                {
                    if (entry.TargetMarker <= 0 || !unclaimed.TryGetValue(entry.ContentKey, out var uids) || uids.Count == 0)
                    {
                        forget.Add(entry.Uid);
                        continue;
                    }

                    var keywords = new TargetKeywords(folder).Split(entry.Keywords);
                    commits.Add(new Commit(entry.Uid, uids.Dequeue(), keywords.NotStored));
                    committed.Add(entry with { KeywordsNotStored = keywords.NotStored });
                }

                if (commits.Count > 0)
                    await ledger.CommitAsync(sourceFolder, byValidity.Key, commits, cancellationToken);
                if (forget.Count > 0)
                    await ledger.ForgetInFlightAsync(sourceFolder, byValidity.Key, forget, cancellationToken);
                found.AddRange(committed);
            }
        }

        return found;
    }
}
