namespace MigrationBot.Batches.Alerts;

/// <summary>What the daily report adds to the users' totals: what was copied since the last report, and when things happen next.</summary>
/// <param name="Period">How long since the last report (or since the start, for the first).</param>
public sealed record DailyReport(TimeSpan Period, long CopiedInPeriod, long BytesInPeriod, DateTimeOffset? NextSync, DateTimeOffset At);
