using MailKit;

namespace MigrationBot.Engine.Sync;

/// <summary>Which flags travel, and how keywords are written down.</summary>
internal static class SyncedFlags
{
    /// <summary>
    /// The system flags copied to the target. <c>\Deleted</c> is not: a message marked for expunge on the source is
    /// still copied (nothing is lost), but the target must not expunge it; <c>\Recent</c> is the server's own.
    /// </summary>
    public const MessageFlags Mask = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Draft;

    /// <summary>Keywords as one canonical string: sorted ordinally, space separated.</summary>
    public static string Keywords(IEnumerable<string>? keywords) =>
        keywords is null ? "" : string.Join(' ', keywords.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public static string[] Split(string keywords) =>
        keywords.Length == 0 ? [] : keywords.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
