using MailKit;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// The messages of a target folder that no ledger entry owns, by what identifies them (key, size, internal date):
/// mail another tool, another ledger or an earlier crash put there. A source message found here is adopted, not
/// appended again, so migrating into a mailbox that already holds the mail duplicates nothing.
/// </summary>
internal sealed class TargetIndex
{
    private readonly List<MessageCandidate> _unowned;

    private TargetIndex(List<MessageCandidate> unowned) => _unowned = unowned;

    public int Count => _unowned.Count;

    /// <summary>Reads the open target folder: one FETCH of UID, flags, date, size and the key's headers.</summary>
    public static async Task<TargetIndex> ReadAsync(IMailFolder target, MailboxLedger ledger, CancellationToken cancellationToken)
    {
        var owned = await ledger.LoadOwnedTargetUidsAsync(target.FullName, cancellationToken);
        var all = await SummaryFetch.SinceAsync(target, 1, cancellationToken);
        return new TargetIndex(all.Where(c => !owned.Contains(c.Uid)).ToList());
    }

    /// <summary>The target message that is this source message (best match), taken out of the index; null if none.</summary>
    public MessageCandidate? Claim(MessageCandidate source)
    {
        MessageCandidate? best = null;
        var bestScore = 0;
        foreach (var message in _unowned)
        {
            var score = SameMessage.Score(source.ContentKey, source.Size, source.InternalDate, message);
            if (score > bestScore)
                (best, bestScore) = (message, score);
            if (score == 2)
                break;
        }

        if (best is not null)
            _unowned.Remove(best);
        return best;
    }
}
