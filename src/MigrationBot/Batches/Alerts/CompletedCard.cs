using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// The summary told to the IT channel when a batch completes: users completed, failed and skipped, items and bytes
/// copied, how long it took (from the start of its initial sync, or its creation), skipped items and where to see them.
/// </summary>
public static class CompletedCard
{
    /// <param name="startedAt">When the initial sync started; null when unknown (then the duration runs from creation).</param>
    public static AdaptiveCard Build(Batch batch, BatchState state, IReadOnlyList<BatchUser> users, DateTimeOffset? startedAt, DateTimeOffset completedAt)
    {
        var failed = users.Where(u => u.State == UserState.Failed).ToList();
        var skippedItems = users.Sum(u => u.Totals.Skipped);
        var from = startedAt ?? batch.CreatedAt;
        var body = new List<CardElement>
        {
            new TextBlock($"Batch {batch.Name} is {ProgressCard.StateText(state)}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new FactSet([
                new("Users", $"{Quantities.Count(users.Count(u => u.State == UserState.Completed))} completed, {Quantities.Count(failed.Count)} failed, "
                    + $"{Quantities.Count(users.Count(u => u.State == UserState.Skipped))} skipped, of {Quantities.Count(users.Count)}"),
                new("Items copied", Quantities.Count(users.Sum(u => u.Totals.Copied))),
                new("Size copied", Quantities.Bytes(users.Sum(u => u.Totals.Bytes))),
                new("Duration", $"{Quantities.Duration(completedAt - from)} ({(startedAt is null ? "created" : "started")} {Quantities.Time(from)}, completed {Quantities.Time(completedAt)})"),
                new("Items skipped", skippedItems == 0
                    ? "none"
                    : $"{Quantities.Count(skippedItems)} in {Quantities.Count(users.Count(u => u.Totals.Skipped > 0))} mailbox(es) (too large or unreadable): Details shows them per user"),
            ]),
        };
        if (failed.Count > 0)
        {
            body.Add(new TextBlock($"Failed ({failed.Count})") { Weight = TextWeight.Bolder, Color = TextColor.Attention, Separator = true });
            body.AddRange(CappedList.Lines([.. failed.Select(u => $"{u.EmailAddress}: {u.Reason ?? "failed"}")], ": see Details.", TextColor.Attention));
        }

        body.Add(new TextBlock($"Its stored credentials were purged and it no longer syncs; the migrated mail stays in place. After switching MX, type `remove batch {batch.Name}`.")
        {
            Wrap = true, IsSubtle = true, Separator = true,
        });
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction("Details", BatchVerbs.Details) { Data = data }],
            FallbackText = $"Batch {batch.Name} is {state}: {users.Count(u => u.State == UserState.Completed)} of {users.Count} user(s) completed, {users.Sum(u => u.Totals.Copied)} items copied.",
        };
    }
}
