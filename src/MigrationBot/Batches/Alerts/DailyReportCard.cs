using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// The report posted every 24 h while a batch runs, as Exchange sends one: users per state, items and bytes copied in
/// the last period and in all, failures, the next incremental sync, the cutover.
/// </summary>
public static class DailyReportCard
{
    public static AdaptiveCard Build(Batch batch, IReadOnlyList<BatchUser> users, DailyReport report)
    {
        var states = users.GroupBy(u => u.State).OrderBy(g => g.Key).Select(g => $"{Quantities.Count(g.Count())} {g.Key}");
        var failed = users.Where(u => u.State == UserState.Failed).ToList();
        var period = Period(report.Period);
        var body = new List<CardElement>
        {
            new TextBlock($"Daily report: batch {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock($"{ProgressCard.StateText(batch.State)} · {Quantities.Time(report.At)}") { IsSubtle = true, Wrap = true, Spacing = Spacing.None },
            new FactSet([
                new("Users", $"{string.Join(", ", states)} (of {Quantities.Count(users.Count)})"),
                new($"Copied in the last {period}", $"{Quantities.Count(report.CopiedInPeriod)} items ({Quantities.Bytes(report.BytesInPeriod)})"),
                new("Copied in all", $"{Quantities.Count(users.Sum(u => u.Totals.Copied))} items ({Quantities.Bytes(users.Sum(u => u.Totals.Bytes))})"),
                new("Failures", $"{Quantities.Count(failed.Count)} user(s), {Quantities.Count(users.Sum(u => u.Totals.Failed))} item(s)"),
                new("Next incremental sync", report.NextSync is { } next ? Quantities.Time(next) : "none scheduled"),
                new("Cutover", batch.Settings.CutoverAt is { } cutover ? Quantities.Time(cutover) : "not planned yet"),
            ]),
        };
        if (failed.Count > 0)
            body.AddRange(CappedList.Lines([.. failed.Select(u => $"{u.EmailAddress}: {u.Reason ?? "failed"}")], ": see Details.", TextColor.Attention));
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction("Details", BatchVerbs.Details) { Data = data }],
            FallbackText = $"Daily report of {batch.Name}: {report.CopiedInPeriod} items copied in the last {period}, {failed.Count} user(s) failed.",
        };
    }

    /// <summary>"24 h" for a day (reports are hours apart), else as long as it was.</summary>
    private static string Period(TimeSpan span) =>
        span.TotalHours >= 1 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(span.TotalHours):0} h") : Quantities.Duration(span);
}
