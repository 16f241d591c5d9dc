using MailKit;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Which keywords a target folder can store. A folder whose PERMANENTFLAGS hold <c>\*</c> takes any keyword;
/// otherwise only the keywords it lists (Exchange Online lists <c>$MDNSent</c> and nothing else).
/// </summary>
internal sealed class TargetKeywords
{
    private readonly bool _any;
    private readonly HashSet<string> _allowed;

    public TargetKeywords(IMailFolder folder)
        : this(folder.PermanentFlags, folder.PermanentKeywords)
    {
    }

    public TargetKeywords(MessageFlags permanentFlags, IEnumerable<string> permanentKeywords)
    {
        _any = (permanentFlags & MessageFlags.UserDefined) != 0;
        _allowed = new HashSet<string>(permanentKeywords, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Splits keywords into those the target stores and those it cannot (space-joined, or null when none).</summary>
    public (string[] Stored, string? NotStored) Split(string keywords)
    {
        var all = SyncedFlags.Split(keywords);
        if (_any || all.Length == 0)
            return (all, null);
        var stored = all.Where(_allowed.Contains).ToArray();
        var dropped = all.Where(k => !_allowed.Contains(k)).ToArray();
        return (stored, dropped.Length == 0 ? null : string.Join(' ', dropped));
    }
}
