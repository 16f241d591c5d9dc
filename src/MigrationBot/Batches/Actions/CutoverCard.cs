using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Actions;

/// <summary>Asks for a batch's new cutover time: date, time and time zone, with what was wrong with the last try.</summary>
public static class CutoverCard
{
    public const string DateId = "cutoverDate";
    public const string TimeId = "cutoverTime";
    public const string ZoneId = "timeZone";

    public static AdaptiveCard Build(Batch batch, string? problem = null)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(batch.Settings.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var current = batch.Settings.CutoverAt is { } at ? TimeZoneInfo.ConvertTime(at, zone) : (DateTimeOffset?)null;
        var body = new List<CardElement>
        {
            new TextBlock($"Move the cutover of {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(current is { } c ? $"Now: {c:yyyy-MM-dd HH:mm} ({zone.Id}). The users' pending reminders and check-ins follow the new time; notices already sent are not sent again." : "No cutover is set yet.")
            {
                Wrap = true, IsSubtle = true,
            },
        };
        if (problem is not null)
            body.Add(new TextBlock(problem) { Wrap = true, Color = TextColor.Attention });
        body.Add(new DateInput { Id = DateId, Label = "Cutover on", Value = current?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        body.Add(new TimeInput { Id = TimeId, Label = "Cutover at", Value = current?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) });
        body.Add(new TextInput { Id = ZoneId, Label = "Time zone", Value = zone.Id });
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction("Move cutover", BatchVerbs.MoveCutover) { Style = ActionStyle.Positive, Data = data },
                new ExecuteAction("Back", BatchVerbs.Refresh) { Data = data, AssociatedInputs = "none" },
            ],
            FallbackText = $"Move the cutover of {batch.Name}.",
        };
    }
}
