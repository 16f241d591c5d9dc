using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Told to the IT channel once per long throttling episode of the target, for those not watching the progress card:
/// since when, when copying resumes, how many mailboxes at a time meanwhile.
/// </summary>
public static class ThrottleCard
{
    public static AdaptiveCard Build(Batch batch, string host, DateTimeOffset since, DateTimeOffset until, int mailboxesAtATime)
    {
        var resumes = $"{until.UtcDateTime:HH:mm} UTC";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock($"Exchange Online is throttling; copying resumes at {resumes}") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true, Color = TextColor.Warning },
                new FactSet([
                    new("Batch", batch.Name),
                    new("Target", host),
                    new("Throttling since", Quantities.Time(since)),
                    new("Resumes", Quantities.Time(until)),
                    new("Meanwhile", $"{mailboxesAtATime} mailbox(es) at a time, rising again as passes end without throttling"),
                ]),
                new TextBlock("Nothing to do: the sync waits as Exchange asks and goes on by itself. The progress card shows the wait too.") { Wrap = true, IsSubtle = true },
            ],
            FallbackText = $"Exchange Online is throttling; copying resumes at {resumes} (batch {batch.Name}).",
        };
    }
}
