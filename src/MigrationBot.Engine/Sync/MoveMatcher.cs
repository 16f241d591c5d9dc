using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Sorts a folder's new source messages: one the ledger knows from another place (same key, size and date) that
/// vanished from there was moved, and its target copy is moved too instead of appending it again; one matching a
/// message of a folder this pass has not synced yet waits until that folder says whether it is still there; any
/// other is new and copied. A message present in two folders on the source is copied to both.
/// </summary>
internal static class MoveMatcher
{
    public sealed record Sorted(List<MessageCandidate> Copy, List<(MessageCandidate Candidate, LocatedEntry From)> Moves, List<MessageCandidate> Deferred);

    public static async Task<Sorted> SortAsync(
        MailboxLedger ledger, string sourceFolder, uint uidValidity, IReadOnlyList<MessageCandidate> candidates, PassState pass, bool mayDefer, CancellationToken cancellationToken)
    {
        var sorted = new Sorted([], [], []);
        if (candidates.Count == 0)
            return sorted;
        var known = (await ledger.FindByContentKeysAsync(candidates.Select(c => c.ContentKey).ToHashSet(StringComparer.Ordinal), cancellationToken))
            .Where(e => !(e.SourceFolder == sourceFolder && e.UidValidity == uidValidity && e.Entry.State == LedgerState.Committed))
            .GroupBy(e => e.Entry.ContentKey)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var matches = known.TryGetValue(candidate.ContentKey, out var same)
                ? same.Where(e => SameMessage.OnSource(e.Entry, candidate)).ToList()
                : [];
            var vanished = matches.FirstOrDefault(e => e.Entry.State == LedgerState.Vanished);
            if (vanished is not null)
            {
                same!.Remove(vanished);
                sorted.Moves.Add((candidate, vanished));
            }
            else if (mayDefer && matches.Any(e => pass.IsPending(e.SourceFolder)))
            {
                sorted.Deferred.Add(candidate);
            }
            else
            {
                sorted.Copy.Add(candidate);
            }
        }

        return sorted;
    }
}
