using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// A list in a card, cut at a few lines with "… and N more", so a batch of 500 users stays far below Teams' 28 KB.
/// </summary>
public static class CappedList
{
    public const int Shown = 10;

    public static IEnumerable<CardElement> Lines(IReadOnlyList<string> lines, string more, TextColor? color = null)
    {
        foreach (var line in lines.Take(Shown))
            yield return new TextBlock("• " + line) { Wrap = true, Spacing = Spacing.None, Color = color };
        if (lines.Count > Shown)
            yield return new TextBlock($"… and {lines.Count - Shown} more{more}") { Wrap = true, Spacing = Spacing.None, IsSubtle = true };
    }

    /// <summary>"a, b, c and 4 more" for a short sentence.</summary>
    public static string Inline(IReadOnlyList<string> items, int shown = 5) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {items.Count - shown} more";
}
