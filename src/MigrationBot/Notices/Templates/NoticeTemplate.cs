using System.Text;

namespace MigrationBot.Notices.Templates;

/// <summary>
/// A notice's text with placeholders such as <c>{DisplayName}</c> (<see cref="Placeholders"/>); <c>{{</c> and <c>}}</c>
/// write a brace. Parsed once: an unknown placeholder or a lone brace is an error shown to whoever edits the template,
/// never a literal in a user's notice.
/// </summary>
public sealed class NoticeTemplate
{
    /// <summary>Every placeholder a template may use, with what it becomes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DisplayName"] = "the user's name",
        ["EmailAddress"] = "the user's new address",
        ["BatchName"] = "the batch's name",
        ["CutoverLocal"] = "the cutover date and time in the user's time zone and language",
        ["TimeZone"] = "the user's time zone",
        ["ExcludedFolders"] = "the folders that will not move, or \"none\"",
        ["OversizeItems"] = "how many of the user's items are too large to move, and the limit",
        ["ItContact"] = "how to reach IT",
        ["NewServer"] = "where the mailbox is now (for mail apps to set up again)",
    };

    private readonly IReadOnlyList<(string? Literal, string? Placeholder)> _parts;

    private NoticeTemplate(string text, IReadOnlyList<(string?, string?)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The template, or every problem in it (each says where and what to write instead).</summary>
    public static (NoticeTemplate? Template, IReadOnlyList<string> Problems) Parse(string text)
    {
        var parts = new List<(string?, string?)>();
        var problems = new List<string>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{' || c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                problems.Add($"A lone '}}' at character {i + 1}: write '}}}}' for a brace.");
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                problems.Add($"The '{{' at character {i + 1} is not closed: write {{Placeholder}}, or '{{{{' for a brace.");
                break;
            }

            var name = text[(i + 1)..end];
            if (!Placeholders.ContainsKey(name))
                problems.Add($"Unknown placeholder {{{name}}}: use one of {string.Join(", ", Placeholders.Keys.Select(k => "{" + k + "}"))}.");
            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null));
                literal.Clear();
            }

            parts.Add((null, name));
            i = end;
        }

        if (literal.Length > 0)
            parts.Add((literal.ToString(), null));
        return problems.Count > 0 ? (null, problems) : (new NoticeTemplate(text, parts), problems);
    }

    /// <summary>The text with every placeholder replaced by its value.</summary>
    /// <exception cref="KeyNotFoundException">A placeholder has no value: a bug, every known placeholder must be given.</exception>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder();
        foreach (var (literal, placeholder) in _parts)
            text.Append(literal ?? values[placeholder!]);
        return text.ToString();
    }
}
