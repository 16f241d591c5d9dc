namespace MigrationBot.Engine.Folders;

/// <summary>What the planner needs to know about the target: its separator and the names of its role folders.</summary>
/// <param name="Separator">The target's hierarchy separator (<c>/</c> on Exchange Online).</param>
/// <param name="RoleNames">The target folders that carry a role, by the role (from LIST attributes, else Exchange's names).</param>
public sealed record TargetLayout(char Separator, IReadOnlyDictionary<WellKnownFolder, string> RoleNames)
{
    /// <summary>Exchange Online's own names for its role folders.</summary>
    public static IReadOnlyDictionary<WellKnownFolder, string> ExchangeRoleNames { get; } = new Dictionary<WellKnownFolder, string>
    {
        [WellKnownFolder.Inbox] = "INBOX",
        [WellKnownFolder.SentItems] = "Sent Items",
        [WellKnownFolder.Drafts] = "Drafts",
        [WellKnownFolder.DeletedItems] = "Deleted Items",
        [WellKnownFolder.JunkEmail] = "Junk Email",
        [WellKnownFolder.Archive] = "Archive",
    };

    /// <summary>
    /// The UIDVALIDITY of each target folder by its full name, where the target says it in its LIST reply
    /// (LIST-STATUS, RFC 5819); empty otherwise (a STATUS asks it).
    /// </summary>
    public IReadOnlyDictionary<string, uint> ListedUidValidities { get; init; } = new Dictionary<string, uint>(StringComparer.Ordinal);

    /// <summary>Exchange Online's layout.</summary>
    public static TargetLayout ExchangeOnline { get; } = new('/', ExchangeRoleNames);
}
