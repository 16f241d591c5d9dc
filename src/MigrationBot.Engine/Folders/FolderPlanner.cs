namespace MigrationBot.Engine.Folders;

/// <summary>
/// Maps source folders to target folder names: role folders (RFC 6154 special-use, Gmail's <c>[Gmail]/…</c>,
/// common names) go to the target's folder of the same role with their children beneath it; every other path keeps
/// its segments under the target's separator. A segment holding the target's separator is renamed, not dropped
/// (Exchange itself refuses folders with <c>/</c> in their name), and names that would clash on the target
/// (case-insensitive, as Exchange compares) get a numeric suffix. Pure: no I/O.
/// </summary>
public static class FolderPlanner
{
    public static FolderPlan Build(IReadOnlyList<SourceFolder> sources, TargetLayout target, FolderFilter filter)
    {
        var topRoles = new Dictionary<string, WellKnownFolder>(StringComparer.Ordinal);
        foreach (var top in sources.Where(s => s.Path.Count == 1))
            topRoles.TryAdd(top.Path[0], top.Role);
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var mappings = new List<FolderMapping>(sources.Count);

        // Role folders first, so that an ordinary folder that happens to map onto a role folder's name is the one renamed.
        foreach (var source in sources.OrderBy(s => s.Role is WellKnownFolder.None ? 1 : 0).ThenBy(s => s.DisplayPath, StringComparer.Ordinal))
        {
            var topRole = source.Path.Count == 1 || source.Role != WellKnownFolder.None
                ? source.Role
                : topRoles.GetValueOrDefault(source.Path[0]);

            if (source.Role == WellKnownFolder.Virtual || topRole == WellKnownFolder.Virtual)
            {
                mappings.Add(new FolderMapping(source, null, null, "virtual folder: its messages are migrated from the folders they belong to"));
                continue;
            }

            if (source.Path.Count == 1 && FolderRoles.IsGmailRoot(source.Path[0]))
            {
                mappings.Add(new FolderMapping(source, null, null, "Gmail's container of system folders (its folders are mapped by role)"));
                continue;
            }

            if (filter.ExcludedBy(source, topRole) is { } excluded)
            {
                mappings.Add(new FolderMapping(source, null, null, excluded));
                continue;
            }

            var (segments, note) = TargetSegments(source, topRole, target);
            var name = string.Join(target.Separator, segments);
            if (taken.TryGetValue(name, out var owner) && source.Role == WellKnownFolder.None)
            {
                var n = 2;
                while (taken.ContainsKey($"{name} ({n})"))
                    n++;
                name = $"{name} ({n})";
                note = Join(note, $"renamed: '{owner}' already maps to that name");
            }
            else if (taken.TryGetValue(name, out owner))
            {
                note = Join(note, $"merged with '{owner}' (same role)");
            }

            taken.TryAdd(name, source.DisplayPath);
            mappings.Add(new FolderMapping(source, name, note, null));
        }

        // Show the plan in the source's order.
        var order = sources.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        mappings.Sort((a, b) => order[a.Source].CompareTo(order[b.Source]));
        return new FolderPlan(mappings);
    }

    private static (List<string> Segments, string? Note) TargetSegments(SourceFolder source, WellKnownFolder topRole, TargetLayout target)
    {
        string? note = null;
        List<string> rest;
        List<string> head;
        if (source.Role != WellKnownFolder.None && target.RoleNames.TryGetValue(source.Role, out var roleName))
        {
            head = [.. roleName.Split(target.Separator)];
            rest = [];
            if (!roleName.Equals(source.DisplayPath, StringComparison.OrdinalIgnoreCase))
                note = $"{source.Role} folder";
        }
        else if (topRole != WellKnownFolder.None && source.Path.Count > 1 && target.RoleNames.TryGetValue(topRole, out var parentName))
        {
            head = [.. parentName.Split(target.Separator)];
            rest = [.. source.Path.Skip(1)];
        }
        else
        {
            head = [];
            rest = [.. source.Path];
        }

        for (var i = 0; i < rest.Count; i++)
        {
            var clean = Sanitise(rest[i], target.Separator);
            if (!clean.Equals(rest[i], StringComparison.Ordinal))
            {
                note = Join(note, $"'{rest[i]}' renamed to '{clean}': the target cannot hold '{target.Separator}' or surrounding spaces in a name");
                rest[i] = clean;
            }

            // Whether the target takes such a name is only known at CREATE; the plan says what happens if it doesn't.
            if (MayBeRefused(rest[i]))
                note = Join(note, $"if the target refuses '{rest[i]}', it becomes '{Conservative(rest[i])}'");
        }

        head.AddRange(rest);
        return (head, note);
    }

    /// <summary>Replaces the target's separator inside one name segment with a look-alike character.</summary>
    internal static string Sanitise(string segment, char separator)
    {
        var replacement = separator switch
        {
            '/' => '\u2215', // DIVISION SLASH: reads as '/' to the user, is not the separator.
            '.' => '\u2024', // ONE DOT LEADER
            _ => '_',
        };
        var clean = segment.Replace(separator, replacement).Trim();
        return clean.Length == 0 ? "_" : clean;
    }

    /// <summary>
    /// A name for a segment the target refused: letters, digits, spaces and a few safe marks kept, everything else
    /// (a leading '~' for Dovecot, control characters, …) replaced by '_', at most 100 characters; a name with
    /// nothing else to blame loses its non-ASCII letters.
    /// </summary>
    internal static string Conservative(string segment)
    {
        var clean = Keep(segment, char.IsLetterOrDigit);
        if (clean.Equals(segment, StringComparison.Ordinal))
            clean = Keep(segment, char.IsAsciiLetterOrDigit); // nothing odd but non-ASCII letters: the target may refuse those
        if (clean.Length == 0 || clean.Equals(segment, StringComparison.Ordinal))
            clean = "_" + clean;
        return clean;

        static string Keep(string text, Func<char, bool> letter)
        {
            var kept = new string(text.Select(c => letter(c) || c is ' ' or '-' or '_' or '(' or ')' or '&' or ',' ? c : '_').ToArray()).Trim();
            return kept.Length > 100 ? kept[..100].TrimEnd() : kept;
        }
    }

    /// <summary>
    /// Names some servers refuse: a leading '~' (Dovecot reads it as a home directory), control characters, and
    /// IMAP's wildcards and quoting characters.
    /// </summary>
    internal static bool MayBeRefused(string segment) =>
        segment.StartsWith('~') || segment.Any(c => char.IsControl(c) || c is '*' or '%' or '\\' or '"');

    private static string Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
