using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Told to the IT channel once per stall: which users' passes made no progress, since when, and a Retry button (admins
/// only) that stops those passes and runs them again.
/// </summary>
public static class StallCard
{
    public static AdaptiveCard Build(Batch batch, IReadOnlyList<Stall> stalls, TimeSpan stallAfter, DateTimeOffset now)
    {
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        var body = new List<CardElement>
        {
            new TextBlock($"Batch {batch.Name}: {stalls.Count} user(s) stalled") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Color = TextColor.Warning },
            new TextBlock($"Their syncs have copied nothing for {Quantities.Duration(stallAfter)} or longer (checked {Quantities.Time(now)}). Retry stops those passes and runs them again; what they copied is kept.")
            {
                Wrap = true,
            },
        };
        body.AddRange(CappedList.Lines([.. stalls.Select(s => $"{s.EmailAddress}: no progress since {Quantities.Time(s.Since)}")], ": Retry covers them too."));
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction("Retry", BatchVerbs.RetryStalled) { Data = data, Style = ActionStyle.Positive },
                new ExecuteAction("Details", BatchVerbs.Details) { Data = data },
            ],
            FallbackText = $"Batch {batch.Name}: {stalls.Count} user(s) stalled: {CappedList.Inline([.. stalls.Select(s => s.EmailAddress)])}.",
        };
    }

    /// <summary>The alert after Retry was pressed: who pressed it and what it did.</summary>
    public static AdaptiveCard Retried(Batch batch, string answer, string who, DateTimeOffset at) => new()
    {
        Body =
        [
            new TextBlock($"Batch {batch.Name}: stalled users") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(answer) { Wrap = true },
            new TextBlock($"Retry pressed by {who} on {Quantities.Time(at)}.") { Wrap = true, IsSubtle = true, Spacing = Spacing.None },
        ],
        FallbackText = answer,
    };
}
