namespace MigrationBot.Bench;

/// <summary>The run a figure reports when a measurement is repeated: the median by one of its measures, elapsed time mostly (the upper one of an even count).</summary>
internal static class Medians
{
    public static T Of<T, TKey>(IEnumerable<T> runs, Func<T, TKey> key)
    {
        var sorted = runs.OrderBy(key).ToList();
        return sorted[sorted.Count / 2];
    }
}
