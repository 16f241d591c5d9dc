using MigrationBot.Batches.Access;
using MigrationBot.Batches.Actions;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Notices.Editing;

/// <summary><c>editNoticeTexts</c> (the batch card's "Edit notices"): the batch's notice texts, to edit.</summary>
public sealed class EditNoticeTextsAction(BatchChat chat, ProgressCardFactory cards) : BatchCardAction(chat, cards)
{
    public override string Verb => NoticeTextsCard.EditVerb;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        Task.FromResult(CardAttachments.ReplaceWith(NoticeTextsCard.Build(batch, Enum.GetValues<NoticeKind>().ToDictionary(k => k, k => BatchNoticeTexts.For(batch, k)))));
}

/// <summary>
/// <c>previewNoticeTexts</c>: the texts in the boxes, checked, and each notice as the batch's first user would read it.
/// Nothing is stored.
/// </summary>
public sealed class PreviewNoticeTextsAction(BatchChat chat, ProgressCardFactory cards, NoticeService notices) : BatchCardAction(chat, cards)
{
    public override string Verb => NoticeTextsCard.PreviewVerb;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var edited = NoticeTextsInput.Read(request);
        var (texts, problems) = BatchNoticeTexts.Check(edited);
        var shown = NoticeTextsInput.Shown(edited);
        var reader = (await Chat.Store.UsersAsync(batch.Id, cancellationToken)).FirstOrDefault();
        if (reader is null)
            return CardAttachments.ReplaceWith(NoticeTextsCard.Build(batch, shown, problems, note: "The batch has no users to preview for."));
        var trial = batch with { Settings = batch.Settings with { NoticeTexts = texts } };
        var rendered = Enum.GetValues<NoticeKind>().Where(k => !problems.ContainsKey(k)).ToDictionary(k => k, k => notices.Render(trial, reader, k, oversizeItems: 0));
        var name = NoticeService.Recipient(trial, reader).DisplayName;
        return CardAttachments.ReplaceWith(NoticeTextsCard.Build(batch, shown, problems, (name, rendered),
            problems.Count > 0 ? $"{problems.Count} notice(s) need a change before they can be saved." : $"Preview for {reader.EmailAddress}. Nothing is saved yet."));
    }
}

/// <summary>
/// <c>saveNoticeTexts</c>: stores the texts when every one is sound (a mistake anywhere saves nothing and shows where),
/// audits who changed them, and answers the progress card.
/// </summary>
public sealed class SaveNoticeTextsAction(BatchChat chat, ProgressCardFactory cards, TimeProvider time) : BatchCardAction(chat, cards)
{
    public override string Verb => NoticeTextsCard.SaveVerb;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var edited = NoticeTextsInput.Read(request);
        var (texts, problems) = BatchNoticeTexts.Check(edited);
        if (problems.Count > 0)
        {
            return CardAttachments.ReplaceWith(NoticeTextsCard.Build(batch, NoticeTextsInput.Shown(edited), problems,
                note: $"Nothing was saved: {problems.Count} notice(s) need a change."));
        }

        var saved = batch with { Settings = batch.Settings with { NoticeTexts = texts } };
        await Chat.Store.UpdateSettingsAsync(batch.Id, saved.Settings, cancellationToken);
        var which = texts.Count == 0 ? "all default" : string.Join(", ", texts.Keys) + " edited";
        await Chat.Store.AuditAsync(new AuditEntry(time.GetUtcNow(), actor, Verb, batch.Name, true, $"notice texts: {which}"), cancellationToken);
        return await ProgressAsync(saved, request.Activity, $"Notice texts saved ({which}); notices not yet sent will read them.", cancellationToken);
    }
}

/// <summary>The notice texts as the card's boxes sent them.</summary>
internal static class NoticeTextsInput
{
    public static IReadOnlyDictionary<NoticeKind, string?> Read(CardActionRequest request) =>
        Enum.GetValues<NoticeKind>().ToDictionary(k => k, k => request.DataString(NoticeTextsCard.InputId(k)));

    /// <summary>What to show in the boxes again: what was typed, or the default for an empty box.</summary>
    public static IReadOnlyDictionary<NoticeKind, string> Shown(IReadOnlyDictionary<NoticeKind, string?> edited) =>
        edited.ToDictionary(e => e.Key, e => string.IsNullOrWhiteSpace(e.Value) ? DefaultTemplates.For(e.Key) : e.Value.Trim());
}
