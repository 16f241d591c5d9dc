using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>Told to the IT channel when the initial sync begins (after the preflight card): how many users sync, how many wait.</summary>
public static class StartedCard
{
    public static AdaptiveCard Build(Batch batch, int syncing, IReadOnlyList<string> failedPreflight, DateTimeOffset now)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Batch {batch.Name}: initial sync started") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new FactSet([
                new("Started", Quantities.Time(now)),
                new("Syncing", $"{Quantities.Count(syncing)} user(s), {batch.Settings.MaxConcurrentMailboxes} at a time"),
                new("Waiting", failedPreflight.Count == 0 ? "none" : $"{Quantities.Count(failedPreflight.Count)} user(s) failed preflight; they are tried again at the first incremental sync"),
            ]),
        };
        if (failedPreflight.Count > 0)
            body.AddRange(CappedList.Lines(failedPreflight, ": see the preflight card.", TextColor.Warning));
        body.Add(new TextBlock("The progress card follows the sync; I say here when it is synced, stalls or is throttled.") { Wrap = true, IsSubtle = true, Separator = true });
        return new AdaptiveCard { Body = body, FallbackText = $"Batch {batch.Name}: initial sync started for {syncing} user(s)." };
    }
}
