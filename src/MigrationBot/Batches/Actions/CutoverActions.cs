using System.Globalization;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Actions;

/// <summary><c>askCutover</c>: the card that asks for the new cutover.</summary>
public sealed class AskCutoverAction(BatchChat chat, ProgressCardFactory cards) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.AskCutover;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        Task.FromResult(CardAttachments.ReplaceWith(CutoverCard.Build(batch)));
}

/// <summary><c>moveCutover</c>: checks the new time, stores it, and plans every pending timed notice again from it.</summary>
public sealed class MoveCutoverAction(BatchChat chat, ProgressCardFactory cards, NoticeJobs notices, TimeProvider time) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.MoveCutover;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var zoneName = request.DataString(CutoverCard.ZoneId)?.Trim() is { Length: > 0 } z ? z : batch.Settings.TimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
            return CardAttachments.ReplaceWith(CutoverCard.Build(batch, $"Unknown time zone \"{zoneName}\": use an IANA name such as Europe/Berlin, or UTC."));
        if (!DateOnly.TryParseExact(request.DataString(CutoverCard.DateId), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(request.DataString(CutoverCard.TimeId) ?? "00:00", ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return CardAttachments.ReplaceWith(CutoverCard.Build(batch, "Pick the cutover's date and time."));
        var local = date.ToDateTime(at, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return CardAttachments.ReplaceWith(CutoverCard.Build(batch, $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks skip it): pick another time."));
        var cutover = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        if (cutover <= time.GetUtcNow())
            return CardAttachments.ReplaceWith(CutoverCard.Build(batch, "The cutover must be in the future."));

        var moved = batch with { Settings = batch.Settings with { CutoverAt = cutover, TimeZone = zone.Id } };
        await Chat.Store.UpdateSettingsAsync(batch.Id, moved.Settings, cancellationToken);
        var users = await Chat.Store.UsersAsync(batch.Id, cancellationToken);
        var pending = await notices.RescheduleTimedAsync(moved, users.Select(u => (u.EmailAddress, NoticeService.ZoneOf(moved, u))), cancellationToken);
        await Chat.Store.AuditAsync(new AuditEntry(time.GetUtcNow(), actor, "moveCutover", batch.Name, true, $"cutover {Quantities.Time(cutover)}"), cancellationToken);
        return await ProgressAsync(moved, request.Activity, $"Cutover moved to {local:yyyy-MM-dd HH:mm} ({zone.Id}); {pending} reminder and check-in notice(s) planned again.", cancellationToken);
    }
}
