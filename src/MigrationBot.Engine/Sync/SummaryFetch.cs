using MailKit;

namespace MigrationBot.Engine.Sync;

/// <summary>The FETCHes the engine makes to learn about messages without downloading them.</summary>
internal static class SummaryFetch
{
    private static readonly FetchRequest FlagsOnly = new(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags);

    private static readonly FetchRequest WithKeys = new(
        MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size,
        ContentKey.Headers);

    /// <summary>UID, flags and keywords of every message in the open folder.</summary>
    public static Task<IList<IMessageSummary>> FlagsAsync(IMailFolder folder, CancellationToken cancellationToken) =>
        folder.Count == 0 ? Task.FromResult<IList<IMessageSummary>>([]) : folder.FetchAsync(0, -1, FlagsOnly, cancellationToken);

    /// <summary>UID, flags and keywords of the messages at sequence numbers <paramref name="first"/>..<paramref name="last"/> (0-based) of the open folder.</summary>
    public static Task<IList<IMessageSummary>> FlagsAsync(IMailFolder folder, int first, int last, CancellationToken cancellationToken) =>
        folder.Count == 0 || last < first ? Task.FromResult<IList<IMessageSummary>>([]) : folder.FetchAsync(first, last, FlagsOnly, cancellationToken);

    /// <summary>What the copy needs to know of the given messages: flags, date, size and content key.</summary>
    public static async Task<List<MessageCandidate>> CandidatesAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken cancellationToken)
    {
        var result = new List<MessageCandidate>(uids.Count);
        // Chunks keep one command line short on servers that limit it; UID sets compress runs anyway.
        foreach (var chunk in uids.Chunk(5000))
        {
            var summaries = await folder.FetchAsync(chunk, WithKeys, cancellationToken);
            result.AddRange(summaries.Select(ToCandidate));
        }

        result.Sort((a, b) => a.Uid.CompareTo(b.Uid));
        return result;
    }

    /// <summary>What identifies the given messages of an open folder (those that exist).</summary>
    public static async Task<List<MessageCandidate>> OfAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken cancellationToken)
    {
        var result = new List<MessageCandidate>(uids.Count);
        foreach (var chunk in uids.Chunk(5000))
            result.AddRange((await folder.FetchAsync(chunk, WithKeys, cancellationToken)).Select(ToCandidate));
        return result;
    }

    /// <summary>Content keys of the messages at or above <paramref name="lowestUid"/> (what may have arrived since a marker).</summary>
    public static async Task<List<MessageCandidate>> SinceAsync(IMailFolder folder, uint lowestUid, CancellationToken cancellationToken)
    {
        if (folder.Count == 0)
            return [];
        var range = new UniqueIdRange(new UniqueId(Math.Max(1, lowestUid)), UniqueId.MaxValue);
        var summaries = await folder.FetchAsync(range, WithKeys, cancellationToken);
        // "n:*" always includes the highest message even when its UID is below n (RFC 3501 §6.4.8); drop it then.
        return summaries.Select(ToCandidate).Where(c => c.Uid >= lowestUid).OrderBy(c => c.Uid).ToList();
    }

    private static MessageCandidate ToCandidate(IMessageSummary summary) => new(
        summary.UniqueId.Id,
        (summary.Flags ?? MessageFlags.None) & SyncedFlags.Mask,
        SyncedFlags.Keywords(summary.Keywords),
        ReceivedDate.Of(summary),
        (long)(summary.Size ?? 0),
        summary.Headers is null ? "h:" : ContentKey.From(summary.Headers));
}
