using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Engine.Preflight;

namespace MigrationBot.Batches.Runs;

/// <summary>The preflight's answer for a batch: per user, logins passed or why not, folders, items, bytes, items too large.</summary>
public static class PreflightCard
{
    private const int ShownUsers = 40;

    /// <param name="note">Said under the table, e.g. that Microsoft 365 readiness was not checked and why.</param>
    public static AdaptiveCard Build(Batch batch, IReadOnlyList<PreflightResult> results, string? note = null)
    {
        var passed = results.Count(r => r.Passed);
        // Three columns: a card is ~450 px wide in Teams and the Playground, and six columns broke their headers mid-word.
        var rows = new List<TableRow> { CardTables.Row(true, "User", "Result", "Found on the source") };
        foreach (var r in results.OrderBy(r => r.Passed).ThenBy(r => r.EmailAddress, StringComparer.Ordinal).Take(ShownUsers))
        {
            var folders = r.Folders.Count(f => f.Target is not null && f.SkipReason is null);
            rows.Add(r.Passed
                ? CardTables.Row(false, r.EmailAddress, "Ready",
                    $"{Quantities.Count(r.Messages)} items, {Quantities.Bytes(r.Bytes)} in {Quantities.Count(folders)} folders" + (r.Oversize > 0 ? $"; {Quantities.Count(r.Oversize)} too large" : ""))
                : CardTables.Row(false, r.EmailAddress, "Failed", r.Error ?? "failed"));
        }

        var body = new List<CardElement>
        {
            new TextBlock($"Preflight of {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(passed == results.Count
                ? $"All {results.Count} users passed: both logins work and every folder has a place on the target. The initial sync starts now."
                : $"{passed} of {results.Count} users passed; those that failed are left out until the problem is fixed (then type retry {batch.Name} USER).")
            {
                Wrap = true, Color = passed == results.Count ? TextColor.Good : TextColor.Warning,
            },
            new FactSet([
                new("Items", Quantities.Count(results.Sum(r => r.Messages))),
                new("Size", Quantities.Bytes(results.Sum(r => r.Bytes))),
                new("Too large to copy", $"{Quantities.Count(results.Sum(r => r.Oversize))} (over {Quantities.Bytes(batch.Settings.MaxMessageSize)})"),
            ]),
            new Table([new(4), new(2), new(4)], rows) { FirstRowAsHeader = true, ShowGridLines = false },
        };
        if (results.Count > ShownUsers)
            body.Add(new TextBlock($"… and {results.Count - ShownUsers} more users: see Details on the progress card.") { IsSubtle = true, Wrap = true });
        if (note is not null)
            body.Add(new TextBlock(note) { IsSubtle = true, Wrap = true, Separator = true });
        return new AdaptiveCard { Body = body, FallbackText = $"Preflight of {batch.Name}: {passed} of {results.Count} users passed." };
    }
}
