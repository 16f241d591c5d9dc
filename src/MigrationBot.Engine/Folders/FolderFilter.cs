namespace MigrationBot.Engine.Folders;

/// <summary>
/// Exchange's folder filters: each entry names a folder path (segments joined with <c>/</c>, case-insensitive),
/// a subtree with a trailing <c>/*</c>, or a role such as <c>#Inbox#</c>, <c>#SentItems#</c>, <c>#DeletedItems#</c>,
/// <c>#JunkEmail#</c>, <c>#Drafts#</c>, <c>#Archive#</c> (and <c>#Inbox#/*</c> for the role's subtree).
/// With included folders given, only folders they match are migrated; excluded folders are never migrated.
/// </summary>
public sealed class FolderFilter
{
    private readonly IReadOnlyList<string> _included;
    private readonly IReadOnlyList<string> _excluded;

    public FolderFilter(IEnumerable<string>? included = null, IEnumerable<string>? excluded = null)
    {
        _included = Normalise(included);
        _excluded = Normalise(excluded);
    }

    public static FolderFilter None { get; } = new();

    /// <summary>The pattern that excludes the folder, or null when it is migrated.</summary>
    /// <param name="folder">The source folder.</param>
    /// <param name="topRole">The role of the folder's top-level ancestor (its own role for a top-level folder).</param>
    public string? ExcludedBy(SourceFolder folder, WellKnownFolder topRole)
    {
        foreach (var pattern in _excluded)
        {
            if (Matches(pattern, folder, topRole))
                return $"excluded by '{pattern}'";
        }

        if (_included.Count > 0 && !_included.Any(p => Matches(p, folder, topRole)))
            return "not in the included folders";
        return null;
    }

    private static bool Matches(string pattern, SourceFolder folder, WellKnownFolder topRole)
    {
        var subtree = pattern.EndsWith("/*", StringComparison.Ordinal);
        var head = subtree ? pattern[..^2] : pattern;
        var path = folder.Path;

        if (head.StartsWith('#') && head.EndsWith('#') && head.Length > 2)
        {
            var token = FolderRoles.FilterToken(topRole);
            if (token is null || !token.Equals(head, StringComparison.OrdinalIgnoreCase))
                return false;
            var depth = IsRoleRoot(folder) ? 0 : path.Count - 1;
            return depth == 0 || subtree;
        }

        var parts = head.Split('/');
        if (path.Count < parts.Length || (!subtree && path.Count != parts.Length))
            return false;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!parts[i].Equals(path[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }

        return true;
    }

    // Gmail's role folders sit one level down ("[Gmail]/Sent Mail") but are role roots all the same.
    private static bool IsRoleRoot(SourceFolder folder) =>
        folder.Path.Count == 1 || (folder.Path.Count == 2 && FolderRoles.IsGmailRoot(folder.Path[0]) && folder.Role != WellKnownFolder.None);

    private static List<string> Normalise(IEnumerable<string>? patterns) =>
        (patterns ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
}
