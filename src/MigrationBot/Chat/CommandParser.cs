using System.Text.RegularExpressions;

namespace MigrationBot.Chat;

/// <summary>
/// Parses command text forgivingly: any case, any spacing, an optional "batch" after the verb, a trailing
/// full stop. Anything else is <see cref="CommandKind.Unknown"/>, which the bot answers with help.
/// </summary>
public static partial class CommandParser
{
    public static ChatCommand Parse(string? text)
    {
        var words = Words(text);
        if (words.Count == 0)
        {
            return new ChatCommand(CommandKind.Unknown);
        }

        var verb = words[0].ToLowerInvariant();
        var rest = words.Skip(1).ToList();
        if (verb is "start" or "complete" or "stop" or "remove" or "pause" or "resume" or "retry" or "status"
            && rest.Count > 0 && rest[0].Equals("batch", StringComparison.OrdinalIgnoreCase))
        {
            rest.RemoveAt(0);
        }

        return verb switch
        {
            "help" or "?" when rest.Count == 0 => new ChatCommand(CommandKind.Help),
            "endpoints" when rest.Count == 0 => new ChatCommand(CommandKind.Endpoints),
            "status" when rest.Count == 0 => new ChatCommand(CommandKind.Status),
            "status" when rest.Count == 2 && rest[1].Equals("notices", StringComparison.OrdinalIgnoreCase) =>
                Named(CommandKind.Status, rest[..1]) with { Detail = "notices" },
            "status" => Named(CommandKind.Status, rest),
            "start" => Named(CommandKind.StartBatch, rest),
            "pause" => Named(CommandKind.Pause, rest),
            "resume" => Named(CommandKind.Resume, rest),
            "complete" => Named(CommandKind.CompleteBatch, rest),
            "stop" => Named(CommandKind.StopBatch, rest),
            "remove" => Named(CommandKind.RemoveBatch, rest),
            "retry" => Retry(rest),
            _ => new ChatCommand(CommandKind.Unknown, Problem: $"I don't know the command \"{Shorten(text)}\"."),
        };
    }

    private static ChatCommand Named(CommandKind kind, List<string> rest)
    {
        var syntax = CommandCatalog.For(kind).Syntax;
        if (rest.Count != 1 || !BatchName().IsMatch(rest[0]))
        {
            return new ChatCommand(CommandKind.Unknown, Problem: $"Usage: {syntax} (a batch name is letters, digits, '.', '_' or '-').");
        }

        return new ChatCommand(kind, BatchName: rest[0]);
    }

    private static ChatCommand Retry(List<string> rest)
    {
        if (rest.Count is < 1 or > 2 || !BatchName().IsMatch(rest[0]))
        {
            return new ChatCommand(CommandKind.Unknown, Problem: $"Usage: {CommandCatalog.For(CommandKind.Retry).Syntax}.");
        }

        return new ChatCommand(CommandKind.Retry, BatchName: rest[0], User: rest.Count == 2 ? rest[1] : null);
    }

    private static List<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        // Teams may send non-breaking spaces; a trailing full stop is how people end sentences.
        var cleaned = text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase).Replace('\u00a0', ' ').Trim().TrimEnd('.', '!').Trim();
        return [.. cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
    }

    private static string Shorten(string? text)
    {
        var t = (text ?? string.Empty).Trim();
        return t.Length <= 40 ? t : t[..40] + "…";
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex BatchName();
}
