using MailKit;

namespace MigrationBot.Engine.Folders;

/// <summary>Decides a folder's role from its RFC 6154 special-use attributes, Gmail's layout, or its common names.</summary>
public static class FolderRoles
{
    private static readonly Dictionary<string, WellKnownFolder> CommonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sent"] = WellKnownFolder.SentItems,
        ["Sent Items"] = WellKnownFolder.SentItems,
        ["Sent Messages"] = WellKnownFolder.SentItems,
        ["Sent Mail"] = WellKnownFolder.SentItems,
        ["Drafts"] = WellKnownFolder.Drafts,
        ["Draft"] = WellKnownFolder.Drafts,
        ["Trash"] = WellKnownFolder.DeletedItems,
        ["Deleted Items"] = WellKnownFolder.DeletedItems,
        ["Deleted Messages"] = WellKnownFolder.DeletedItems,
        ["Bin"] = WellKnownFolder.DeletedItems,
        ["Junk"] = WellKnownFolder.JunkEmail,
        ["Junk Email"] = WellKnownFolder.JunkEmail,
        ["Junk E-mail"] = WellKnownFolder.JunkEmail,
        ["Spam"] = WellKnownFolder.JunkEmail,
        ["Archive"] = WellKnownFolder.Archive,
        ["Archives"] = WellKnownFolder.Archive,
    };

    /// <summary>The role of a top-level folder; folders deeper down keep no role (they are ordinary children).</summary>
    public static WellKnownFolder From(FolderAttributes attributes, IReadOnlyList<string> path)
    {
        if (path.Count == 1 && path[0].Equals("INBOX", StringComparison.OrdinalIgnoreCase))
            return WellKnownFolder.Inbox;
        if ((attributes & FolderAttributes.Inbox) != 0) return WellKnownFolder.Inbox;
        if ((attributes & FolderAttributes.Sent) != 0) return WellKnownFolder.SentItems;
        if ((attributes & FolderAttributes.Drafts) != 0) return WellKnownFolder.Drafts;
        if ((attributes & FolderAttributes.Trash) != 0) return WellKnownFolder.DeletedItems;
        if ((attributes & FolderAttributes.Junk) != 0) return WellKnownFolder.JunkEmail;
        if ((attributes & FolderAttributes.Archive) != 0) return WellKnownFolder.Archive;
        if ((attributes & (FolderAttributes.All | FolderAttributes.Flagged | FolderAttributes.Important)) != 0) return WellKnownFolder.Virtual;

        // Gmail puts its system folders under "[Gmail]" (or "[Google Mail]"); servers without SPECIAL-USE still use these names.
        if (path.Count == 2 && IsGmailRoot(path[0]))
        {
            if (path[1].Equals("All Mail", StringComparison.OrdinalIgnoreCase) ||
                path[1].Equals("Starred", StringComparison.OrdinalIgnoreCase) ||
                path[1].Equals("Important", StringComparison.OrdinalIgnoreCase))
                return WellKnownFolder.Virtual;
            return CommonNames.GetValueOrDefault(path[1]);
        }

        return path.Count == 1 ? CommonNames.GetValueOrDefault(path[0]) : WellKnownFolder.None;
    }

    /// <summary>True for Gmail's container of system folders.</summary>
    public static bool IsGmailRoot(string segment) =>
        segment.Equals("[Gmail]", StringComparison.OrdinalIgnoreCase) || segment.Equals("[Google Mail]", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token Exchange's folder filters use for a role, e.g. <c>#SentItems#</c>.</summary>
    public static string? FilterToken(WellKnownFolder role) =>
        role is WellKnownFolder.None or WellKnownFolder.Virtual ? null : $"#{role}#";
}
