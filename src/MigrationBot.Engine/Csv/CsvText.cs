namespace MigrationBot.Engine.Csv;

/// <summary>Makes a CSV value safe to quote inside a problem message (one line, bounded length).</summary>
internal static class CsvText
{
    private const int MaxQuoted = 80;

    public static string Shorten(string value)
    {
        var oneLine = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return oneLine.Length <= MaxQuoted ? oneLine : string.Concat(oneLine.AsSpan(0, MaxQuoted), "…");
    }
}
