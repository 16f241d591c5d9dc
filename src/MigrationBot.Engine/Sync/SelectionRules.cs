using System.Globalization;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>The options' rules for which new messages are copied (size limit, received-date window), with the reason for each left out.</summary>
internal static class SelectionRules
{
    public static (List<MessageCandidate> Selected, List<SkippedItem> Skipped) Apply(MigrationOptions options, IReadOnlyList<MessageCandidate> candidates, string folder)
    {
        var selected = new List<MessageCandidate>(candidates.Count);
        var skipped = new List<SkippedItem>();
        foreach (var candidate in candidates)
        {
            string? reason = null;
            if (candidate.Size > options.MaxMessageSize)
                reason = string.Create(CultureInfo.InvariantCulture, $"larger than the {options.MaxMessageSize / (1024 * 1024)} MB limit");
            else if (options.ReceivedAfter is { } after && candidate.InternalDate < after)
                reason = $"received before {Iso(after)} (date filter)";
            else if (options.ReceivedBefore is { } before && candidate.InternalDate >= before)
                reason = $"received on or after {Iso(before)} (date filter)";

            if (reason is null)
                selected.Add(candidate);
            else
                skipped.Add(new SkippedItem(folder, candidate.Uid, candidate.Size, reason));
        }

        return (selected, skipped);
    }

    /// <summary>ISO 8601 in UTC, whatever the machine's culture and calendar.</summary>
    private static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
