using MailKit;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// When a source folder's UIDVALIDITY changes (the server rebuilt it), every UID the ledger knows is void. Rather than
/// copy the folder again, each source message is matched to a stale entry with the same content key, size and
/// internal date (<see cref="SameMessage.OnSource"/>), and the entry moves to the new UID; nothing already on the
/// target is copied twice. A message that shares only a key (a re-saved draft, a resend under the same Message-ID)
/// is new, and copied. Unmatched stale entries are of messages no longer in the folder: they are marked vanished, so
/// that where they reappear (in a renamed folder whose old name the server made again) their copies are moved.
/// </summary>
internal static class UidValidityReidentifier
{
    /// <returns>How many of the stale entries' messages left the folder (marked vanished).</returns>
    public static async Task<int> ReidentifyAsync(
        IMailFolder source, MailboxLedger ledger, string sourceFolder, IReadOnlyList<(uint UidValidity, LedgerEntry Entry)> stale, CancellationToken cancellationToken)
    {
        var current = await ledger.LoadEntriesAsync(sourceFolder, source.UidValidity, cancellationToken);
        var all = await SummaryFetch.FlagsAsync(source, cancellationToken);
        var unknown = all.Select(s => s.UniqueId).Where(u => !current.ContainsKey(u.Id)).ToList();
        var candidates = await SummaryFetch.CandidatesAsync(source, unknown, cancellationToken);

        var pool = stale
            .Where(s => s.Entry.State == LedgerState.Committed)
            .GroupBy(s => s.Entry.ContentKey)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Entry.Uid).ToList());

        var moves = new List<(uint, uint, uint)>();
        foreach (var candidate in candidates)
        {
            if (!pool.TryGetValue(candidate.ContentKey, out var matches) || matches.Count == 0)
                continue;
            var index = matches.FindIndex(m => SameMessage.OnSource(m.Entry, candidate));
            if (index < 0)
                continue;
            var match = matches[index];
            matches.RemoveAt(index);
            moves.Add((match.UidValidity, match.Entry.Uid, candidate.Uid));
        }

        var vanished = await ledger.RekeyAsync(sourceFolder, source.UidValidity, moves, cancellationToken);
        await ledger.ClearFolderStateAsync(sourceFolder, cancellationToken);
        return vanished;
    }
}
