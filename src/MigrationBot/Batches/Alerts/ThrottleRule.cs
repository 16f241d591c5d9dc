namespace MigrationBot.Batches.Alerts;

/// <summary>
/// When a throttling episode of the target is told to the IT channel: once it is known to last <c>threshold</c> or
/// longer (from its start to when the target lets us go on), and only once per episode (its start identifies it).
/// </summary>
public static class ThrottleRule
{
    public static bool ShouldAlert(DateTimeOffset since, DateTimeOffset until, TimeSpan threshold, DateTimeOffset? alertedFor) =>
        until - since >= threshold && alertedFor != since;
}
