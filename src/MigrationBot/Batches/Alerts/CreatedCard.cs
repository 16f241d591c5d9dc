using System.Globalization;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>Told to the IT channel when the form is submitted: who created the batch, from where, how many users, when it runs and cuts over.</summary>
public static class CreatedCard
{
    public static AdaptiveCard Build(Batch batch, int users, DateTimeOffset now)
    {
        var settings = batch.Settings;
        var starts = settings.StartAt is { } at && at > now ? Quantities.Time(at) : "now (preflight first)";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock($"Batch {batch.Name} created") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
                new FactSet([
                    new("Created by", settings.RequesterName ?? batch.CreatedBy),
                    new("Source", settings.EndpointName is { } endpoint ? $"{endpoint} ({settings.Source})" : settings.Source.ToString()),
                    new("Users", Quantities.Count(users)),
                    new("Starts", starts),
                    new("Incremental sync", string.Create(CultureInfo.InvariantCulture, $"every {settings.IncrementalInterval.TotalHours:0.#} h until completion")),
                    new("Cutover", settings.CutoverAt is { } cutover ? Quantities.Time(cutover) : "not planned yet"),
                ]),
            ],
            FallbackText = $"Batch {batch.Name} created by {settings.RequesterName ?? batch.CreatedBy}: {users} users, starts {starts}.",
        };
    }
}
