using MailKit;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Target messages that no ledger entry owns, by what identifies them (key, size, internal date), to find a
/// message there instead of appending it again: mail another tool, another ledger or an earlier crash put there
/// (adoption), or an APPEND whose answer was lost (recovery). Indexed by INTERNALDATE to the second, the part a
/// match always needs, so finding N messages among M costs N small lookups, not N × M comparisons.
/// </summary>
internal sealed class TargetIndex
{
    private readonly Dictionary<long, List<MessageCandidate>> _bySecond = [];

    public TargetIndex(IEnumerable<MessageCandidate> unowned)
    {
        foreach (var message in unowned)
        {
            var second = message.InternalDate.ToUnixTimeSeconds();
            if (!_bySecond.TryGetValue(second, out var same))
                _bySecond[second] = same = [];
            same.Add(message);
            Count++;
        }
    }

    public int Count { get; private set; }

    /// <summary>Reads the open target folder's unowned messages: one FETCH of UID, flags, date, size and the key's headers.</summary>
    public static async Task<TargetIndex> ReadAsync(IMailFolder target, MailboxLedger ledger, CancellationToken cancellationToken) =>
        await ReadAsync(target, ledger, 1, cancellationToken);

    /// <summary>As <see cref="ReadAsync(IMailFolder, MailboxLedger, CancellationToken)"/>, for the UIDs at or above <paramref name="lowestUid"/>.</summary>
    public static async Task<TargetIndex> ReadAsync(IMailFolder target, MailboxLedger ledger, uint lowestUid, CancellationToken cancellationToken)
    {
        var owned = await ledger.LoadOwnedTargetUidsAsync(target.FullName, cancellationToken);
        var messages = await SummaryFetch.SinceAsync(target, lowestUid, cancellationToken);
        return new TargetIndex(messages.Where(c => !owned.Contains(c.Uid)));
    }

    /// <summary>Whether some message here is this one (<see cref="SameMessage.Score"/> above 0).</summary>
    public bool Contains(string contentKey, long size, DateTimeOffset internalDate) => Best(contentKey, size, internalDate) is not null;

    /// <summary>The message here that is this one (best match, then lowest UID), taken out of the index; null if none.</summary>
    public MessageCandidate? Claim(string contentKey, long size, DateTimeOffset internalDate)
    {
        var best = Best(contentKey, size, internalDate);
        if (best is null)
            return null;
        _bySecond[best.InternalDate.ToUnixTimeSeconds()].Remove(best);
        Count--;
        return best;
    }

    public MessageCandidate? Claim(MessageCandidate source) => Claim(source.ContentKey, source.Size, source.InternalDate);

    private MessageCandidate? Best(string contentKey, long size, DateTimeOffset internalDate)
    {
        // A ledger entry written before dates were recorded has the epoch there: only then is every message a candidate.
        IEnumerable<MessageCandidate> candidates = internalDate == DateTimeOffset.UnixEpoch
            ? _bySecond.Values.SelectMany(v => v)
            : _bySecond.TryGetValue(internalDate.ToUnixTimeSeconds(), out var same) ? same : [];
        MessageCandidate? best = null;
        var bestScore = 0;
        foreach (var message in candidates)
        {
            var score = SameMessage.Score(contentKey, size, internalDate, message);
            if (score > bestScore || (score == bestScore && score > 0 && message.Uid < best!.Uid))
                (best, bestScore) = (message, score);
        }

        return best;
    }
}
