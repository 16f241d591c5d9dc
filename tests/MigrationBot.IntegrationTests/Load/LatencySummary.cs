using System.Globalization;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>Percentiles of a set of durations (nearest-rank method).</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Of(IReadOnlyCollection<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), sorted[^1], sorted.Average());
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"n={Count} p50={P50Ms:0.0} ms p90={P90Ms:0.0} ms p99={P99Ms:0.0} ms max={MaxMs:0.0} ms mean={MeanMs:0.0} ms");
}
