using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Mirrors moves made on the source: the target copy of a message the user filed from one folder into another is
/// moved with UID MOVE (RFC 6851; MailKit falls back to COPY, STORE \Deleted and UID EXPUNGE where MOVE is not
/// offered), and its ledger entry follows it. A copy that is no longer where the ledger says is handed back, to be
/// found on the target or copied again.
/// </summary>
internal static class TargetMover
{
    /// <returns>The moves whose target copy was not found (the caller looks for the message on the target, or copies it).</returns>
    public static async Task<List<(MessageCandidate Candidate, LocatedEntry From)>> MoveAsync(
        ImapClient target, IMailFolder destination, MailboxLedger ledger, string sourceFolder, uint uidValidity,
        IReadOnlyList<(MessageCandidate Candidate, LocatedEntry From)> moves, FolderCounters counters, CancellationToken cancellationToken)
    {
        var notFound = new List<(MessageCandidate, LocatedEntry)>();
        var moved = new List<(MessageCandidate Candidate, LocatedEntry From, uint TargetUid)>();
        foreach (var group in moves.GroupBy(m => m.From.Entry.TargetFolder))
        {
            if (group.Key == destination.FullName)
            {
                // Re-filed within the same target folder (moved out and back, a server that renumbered it): the copy stays.
                foreach (var (candidate, from) in group)
                    moved.Add((candidate, from, from.Entry.TargetUid!.Value));
                continue;
            }

            var origin = await FolderDiscovery.FindTargetFolderAsync(target, group.Key, cancellationToken);
            if (origin is null)
            {
                notFound.AddRange(group);
                continue;
            }

            await origin.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            var uids = group.Select(m => new UniqueId(m.From.Entry.TargetUid!.Value)).ToList();
            var map = await origin.MoveToAsync(uids, destination, cancellationToken);
            foreach (var move in group)
            {
                if (map.TryGetValue(new UniqueId(move.From.Entry.TargetUid!.Value), out var now))
                    moved.Add((move.Candidate, move.From, now.Id));
                else
                    notFound.Add(move);
            }
        }

        await ledger.MoveEntriesAsync(sourceFolder, uidValidity, destination.FullName, moved.Select(m => (m.From, m.Candidate.Uid, m.TargetUid)).ToList(), cancellationToken);
        counters.AddMovedIn(moved.Count);

        if (!destination.IsOpen || destination.Access != FolderAccess.ReadWrite)
            await destination.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        await CarryFlagsAsync(destination, ledger, sourceFolder, uidValidity, moved, cancellationToken);
        return notFound;
    }

    /// <summary>A moved message's flags as they are now on the source (read as it was filed, say).</summary>
    private static async Task CarryFlagsAsync(
        IMailFolder destination, MailboxLedger ledger, string sourceFolder, uint uidValidity,
        List<(MessageCandidate Candidate, LocatedEntry From, uint TargetUid)> moved, CancellationToken cancellationToken)
    {
        var keywords = new TargetKeywords(destination);
        foreach (var group in moved
                     .Where(m => m.Candidate.Flags != m.From.Entry.Flags || m.Candidate.Keywords != m.From.Entry.Keywords)
                     .GroupBy(m => (m.Candidate.Flags, m.Candidate.Keywords)))
        {
            var (stored, _) = keywords.Split(group.Key.Keywords);
            await destination.StoreAsync(group.Select(m => new UniqueId(m.TargetUid)).ToList(),
                new StoreFlagsRequest(StoreAction.Set, group.Key.Flags, stored) { Silent = true }, cancellationToken);
            await ledger.UpdateFlagsAsync(sourceFolder, uidValidity, group.Select(m => (m.Candidate.Uid, group.Key.Flags, group.Key.Keywords)).ToList(), cancellationToken);
        }
    }
}
