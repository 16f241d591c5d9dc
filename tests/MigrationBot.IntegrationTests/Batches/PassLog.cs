using System.Globalization;
using System.Text.RegularExpressions;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// The host's log line at the end of each mailbox pass (<c>Log.MailboxPassEnded</c>, id 5003), read from a host
/// process's output: which mailboxes that process ran, whatever sampled the run meanwhile. Logged at
/// <see cref="Category"/>'s Information level.
/// </summary>
internal static partial class PassLog
{
    public const string Category = "MigrationBot.Batches.Runs.MailboxPassRunner";

    /// <summary>The messages each mailbox's passes of <paramref name="batch"/> copied, by mailbox, as this output logged them.</summary>
    public static Dictionary<string, long> Read(string output, string batch)
    {
        var passes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in Line().Matches(output))
        {
            if (match.Groups["batch"].Value == batch)
                passes[match.Groups["mailbox"].Value] = passes.GetValueOrDefault(match.Groups["mailbox"].Value) + long.Parse(match.Groups["copied"].Value, CultureInfo.InvariantCulture);
        }

        return passes;
    }

    [GeneratedRegex(@"Batch (?<batch>\S+): pass over (?<mailbox>\S+) ended (?<outcome>\w+), (?<copied>\d+) copied")]
    private static partial Regex Line();
}
