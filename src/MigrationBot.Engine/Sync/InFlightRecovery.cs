using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// After a crash or a dropped connection, decides for each in-flight message whether its APPEND reached the target.
/// The target is searched above the UIDNEXT recorded before the APPEND (every UID the server can have given it is at
/// or above that marker), among UIDs no committed entry owns, for a message with the same internal date and the
/// same size or content key (<see cref="SameMessage.OnTarget"/>, best match first): a target that rewrites a header
/// still matches, an unrelated message that merely shares a key does not. Found: committed with that UID. Not found:
/// forgotten, so it is copied again. The batcher never has two messages with one key in flight in a folder.
/// </summary>
internal static class InFlightRecovery
{
    /// <summary>How long recovery waits for APPENDs a vanished client had already sent to land, when some are not found.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

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
            var unclaimed = await TargetIndex.ReadAsync(folder, ledger, marker, cancellationToken);
            if (byTarget.Any(e => !unclaimed.Contains(e.Entry.ContentKey, e.Entry.Size, e.Entry.InternalDate)))
            {
                // A server goes on storing the APPENDs it had received when the client vanished (a killed process,
                // a pipelined batch in flight): give it a moment and look again before deciding a message is not there.
                await Task.Delay(Settle, cancellationToken);
                await target.NoOpAsync(cancellationToken);
                unclaimed = await TargetIndex.ReadAsync(folder, ledger, marker, cancellationToken);
            }

            foreach (var byValidity in byTarget.GroupBy(e => e.UidValidity))
            {
                var commits = new List<Commit>();
                var committed = new List<LedgerEntry>();
                var forget = new List<uint>();
                foreach (var (_, entry) in byValidity.OrderBy(e => e.Entry.Uid))
                {
                    var match = entry.TargetMarker <= 0 ? null : unclaimed.Claim(entry.ContentKey, entry.Size, entry.InternalDate);
                    if (match is null)
                    {
                        forget.Add(entry.Uid);
                        continue;
                    }

                    var keywords = new TargetKeywords(folder).Split(entry.Keywords);
                    commits.Add(new Commit(entry.Uid, match.Uid, keywords.NotStored));
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
