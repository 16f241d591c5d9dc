using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// When a message found again (under a new UIDVALIDITY, on the target after a crash, in another folder) is the one
/// the ledger recorded. A content key alone is not enough: a re-saved draft or a resend keeps its Message-ID, and
/// a target may re-encode a Subject or add a Message-ID. INTERNALDATE is the firm part (the engine APPENDs with
/// the source's date, and servers keep it to the second); size and key confirm it. When in doubt it is not the
/// same message: copying again and reporting it beats skipping a message silently.
/// </summary>
internal static class SameMessage
{
    /// <summary>Source against source (new UIDVALIDITY, a move): key, size and date all agree.</summary>
    public static bool OnSource(LedgerEntry recorded, MessageCandidate found) =>
        recorded.ContentKey == found.ContentKey &&
        recorded.Size == found.Size &&
        SameSecond(recorded.InternalDate, found.InternalDate, recordedMayBeMissing: true);

    /// <summary>
    /// How well a target message matches what was appended: 2 when date, size and key agree, 1 when the date and one
    /// of size or key agree (a target that rewrote a header, or reports sizes of its own), 0 when it is not it.
    /// </summary>
    public static int OnTarget(LedgerEntry appended, MessageCandidate found) =>
        Score(appended.ContentKey, appended.Size, appended.InternalDate, found);

    /// <summary>The score of <see cref="OnTarget"/> for a message known by its key, size and date.</summary>
    public static int Score(string contentKey, long size, DateTimeOffset internalDate, MessageCandidate found)
    {
        if (!SameSecond(internalDate, found.InternalDate, recordedMayBeMissing: true))
            return 0;
        var sameSize = size == found.Size;
        var sameKey = contentKey == found.ContentKey;
        return sameSize && sameKey ? 2 : sameSize || sameKey ? 1 : 0;
    }

    /// <summary>
    /// Equal to the second. A ledger written before dates were recorded has the Unix epoch there; it then relies on
    /// size and key alone, as it always did.
    /// </summary>
    private static bool SameSecond(DateTimeOffset recorded, DateTimeOffset found, bool recordedMayBeMissing) =>
        (recordedMayBeMissing && recorded == DateTimeOffset.UnixEpoch) ||
        recorded.ToUnixTimeSeconds() == found.ToUnixTimeSeconds();
}
