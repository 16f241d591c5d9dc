namespace MigrationBot.BotFramework.Connector;

/// <summary>
/// Retry of throttled or transient Connector calls (429, 412, 502, 504: msteams-docs <c>rate-limit.md</c>):
/// exponential backoff with ±20 % jitter, 3 retries, 2 s to 20 s, and <c>Retry-After</c> honoured up to a cap.
/// </summary>
public sealed class ConnectorRetryOptions
{
    public int MaxRetries { get; set; } = 3;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    internal TimeSpan Backoff(int retry, double random01)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, retry);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * random01)));
    }
}
