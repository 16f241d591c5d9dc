namespace MigrationBot.Bench;

/// <summary>The run a figure reports when a measurement is repeated: the median by elapsed time (the upper one of an even count).</summary>
internal static class Medians
{
    public static T Of<T>(IEnumerable<T> runs, Func<T, TimeSpan> elapsed)
    {
        var sorted = runs.OrderBy(elapsed).ToList();
        return sorted[sorted.Count / 2];
    }
}
