using MigrationBot.Batches.Storage;

namespace MigrationBot.Notices.Templates;

/// <summary>The text a batch's notice is written from: the batch's own, edited on its card, else the default.</summary>
public static class BatchNoticeTexts
{
    /// <summary>Longest text a notice may have (a card's text stays readable, and far under Teams' 28 KB).</summary>
    public const int MaxLength = 2000;

    public static string For(Batch batch, NoticeKind kind) =>
        batch.Settings.NoticeTexts.TryGetValue(kind.ToString(), out var text) && !string.IsNullOrWhiteSpace(text) ? text : DefaultTemplates.For(kind);

    public static bool IsEdited(Batch batch, NoticeKind kind) =>
        batch.Settings.NoticeTexts.TryGetValue(kind.ToString(), out var text) && !string.IsNullOrWhiteSpace(text);

    /// <summary>
    /// Checks edited texts; a blank text, or one equal to the default, means "the default" and is not stored (so a better
    /// default later reaches it). Returns the texts to store, or every problem, by notice.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Texts, IReadOnlyDictionary<NoticeKind, IReadOnlyList<string>> Problems) Check(
        IReadOnlyDictionary<NoticeKind, string?> edited)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new Dictionary<NoticeKind, IReadOnlyList<string>>();
        foreach (var (kind, raw) in edited)
        {
            var text = raw?.Trim() ?? string.Empty;
            if (text.Length == 0 || text == DefaultTemplates.For(kind))
                continue;
            if (text.Length > MaxLength)
            {
                problems[kind] = [$"The text is {text.Length} characters long; at most {MaxLength}."];
                continue;
            }

            var (_, found) = NoticeTemplate.Parse(text);
            if (found.Count > 0)
                problems[kind] = found;
            else
                texts[kind.ToString()] = text;
        }

        return (texts, problems);
    }
}
