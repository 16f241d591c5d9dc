using System.Globalization;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Told to the IT channel when the initial sync finished: how many users synced or failed, the next incremental sync,
/// and that approval is requested, from whom (the Approve button is on the progress card).
/// </summary>
public static class SyncedCard
{
    /// <param name="approvers">The approvers by name where the bot knows them, else by Entra object id.</param>
    public static AdaptiveCard Build(Batch batch, IReadOnlyList<BatchUser> users, IReadOnlyList<string> approvers, DateTimeOffset? nextSync)
    {
        var synced = users.Count(u => u.State == UserState.Synced);
        var failed = users.Where(u => u.State == UserState.Failed).ToList();
        var body = new List<CardElement>
        {
            new TextBlock($"Batch {batch.Name} is synced") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new FactSet([
                new("Synced", $"{Quantities.Count(synced)} of {Quantities.Count(users.Count)} user(s)"),
                new("Failed", Quantities.Count(failed.Count)),
                new("Items copied", $"{Quantities.Count(users.Sum(u => u.Totals.Copied))} ({Quantities.Bytes(users.Sum(u => u.Totals.Bytes))})"),
                new("Next sync", nextSync is { } next ? Quantities.Time(next)
                    : string.Create(CultureInfo.InvariantCulture, $"every {batch.Settings.IncrementalInterval.TotalHours:0.#} h")),
                new("Cutover", batch.Settings.CutoverAt is { } cutover ? Quantities.Time(cutover) : "not planned yet"),
            ]),
        };
        if (failed.Count > 0)
            body.AddRange(CappedList.Lines([.. failed.Select(u => $"{u.EmailAddress}: {u.Reason ?? "failed"}")], ": see Details.", TextColor.Attention));
        body.Add(new TextBlock("Approval requested") { Weight = TextWeight.Bolder, Separator = true });
        body.Add(new TextBlock(approvers.Count == 0
            ? "No approver is configured (Authorization:Approvers or the batch's approvers): nobody can approve completion yet."
            : $"Approvers: {CappedList.Inline(approvers)}. One of them presses **Approve completion** on the progress card (or types `complete batch {batch.Name}`) when the users are ready to cut over.")
        {
            Wrap = true,
            Spacing = Spacing.None,
        });
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction("Details", BatchVerbs.Details) { Data = data }],
            FallbackText = $"Batch {batch.Name} is synced: {synced} of {users.Count} user(s); approval requested from {CappedList.Inline(approvers)}.",
        };
    }
}
