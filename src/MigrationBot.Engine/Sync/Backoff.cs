namespace MigrationBot.Engine.Sync;

/// <summary>Bounded, jittered exponential backoff that honours a server's hint (STYLE.md habit 6).</summary>
public static class Backoff
{
    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> (1-based). A server's hint wins, even above
    /// <paramref name="max"/>: retrying before Exchange Online's suggested backoff only earns another throttle.
    /// (Hints are already bounded where they are read, see <c>ImapFailureClassifier.RetryHint</c>.)
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? serverHint)
    {
        if (serverHint is { } hint && hint > TimeSpan.Zero)
            return hint;
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        // "Equal jitter": half fixed, half random, so retries of many mailboxes spread out but never collapse to zero.
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
        return TimeSpan.FromMilliseconds(jittered);
    }
}
