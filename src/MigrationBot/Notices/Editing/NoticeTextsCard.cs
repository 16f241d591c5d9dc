using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Notices.Editing;

/// <summary>
/// Edits the texts of a batch's end-user notices: one box per notice with its current text, the placeholders it may
/// use, each notice's problems under its box, and, on Preview, each notice as the batch's first user would read it.
/// </summary>
public static class NoticeTextsCard
{
    public const string EditVerb = "editNoticeTexts";
    public const string PreviewVerb = "previewNoticeTexts";
    public const string SaveVerb = "saveNoticeTexts";

    public static string InputId(NoticeKind kind) => "noticeText" + kind;

    public static AdaptiveCard Build(
        Batch batch,
        IReadOnlyDictionary<NoticeKind, string> texts,
        IReadOnlyDictionary<NoticeKind, IReadOnlyList<string>>? problems = null,
        (string Reader, IReadOnlyDictionary<NoticeKind, string> Notices)? preview = null,
        string? note = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Notices of {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock("What each user of the batch reads in their chat with the bot (or by email), in their own time zone and language. " +
                "Leave a box empty for the default text. Notices already sent are not sent again.") { Wrap = true, IsSubtle = true },
        };
        if (note is not null)
            body.Add(new TextBlock(note) { Wrap = true, Weight = TextWeight.Bolder, Color = problems is { Count: > 0 } ? TextColor.Attention : null });
        body.Add(new TextBlock("Placeholders") { Weight = TextWeight.Bolder, Separator = true });
        body.Add(new FactSet([.. NoticeTemplate.Placeholders.Select(p => new Fact("{" + p.Key + "}", p.Value))]));
        foreach (var kind in Enum.GetValues<NoticeKind>())
        {
            body.Add(new TextBlock($"{Title(kind)}: {When(kind)}") { Weight = TextWeight.Bolder, Wrap = true, Separator = true });
            body.Add(new TextInput
            {
                Id = InputId(kind),
                Label = Title(kind) + " text",
                Value = texts.TryGetValue(kind, out var text) ? text : DefaultTemplates.For(kind),
                IsMultiline = true,
                MaxLength = BatchNoticeTexts.MaxLength,
            });
            if (problems is not null && problems.TryGetValue(kind, out var found))
            {
                foreach (var problem in found)
                    body.Add(new TextBlock(problem) { Wrap = true, Color = TextColor.Attention, Spacing = Spacing.None });
            }

            if (preview is { } p && p.Notices.TryGetValue(kind, out var rendered))
                body.Add(new TextBlock($"{p.Reader} reads: {rendered}") { Wrap = true, IsSubtle = true, Spacing = Spacing.Small });
        }

        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction("Save", SaveVerb) { Style = ActionStyle.Positive, Data = data },
                new ExecuteAction("Preview", PreviewVerb) { Data = data },
                new ExecuteAction("Back", BatchVerbs.Refresh) { Data = data, AssociatedInputs = "none" },
            ],
            FallbackText = $"The notices of batch {batch.Name}.",
        };
    }

    private static string Title(NoticeKind kind) => kind switch
    {
        NoticeKind.Announcement => "Announcement",
        NoticeKind.Reminder => "Reminder",
        NoticeKind.InProgress => "In progress",
        NoticeKind.Moved => "Moved",
        NoticeKind.CheckIn => "Check-in",
        _ => kind.ToString(),
    };

    private static string When(NoticeKind kind) => kind switch
    {
        NoticeKind.Announcement => "when the batch passes preflight",
        NoticeKind.Reminder => "the morning before cutover, in the user's time zone",
        NoticeKind.InProgress => "when the final sync starts",
        NoticeKind.Moved => "when the user's mailbox has moved",
        NoticeKind.CheckIn => "the morning after cutover, with Yes / Something is missing",
        _ => string.Empty,
    };
}
