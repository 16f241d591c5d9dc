using System.Globalization;
using System.Text.RegularExpressions;
using MailKit;
using MimeKit;
using MimeKit.Utils;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// The received date (INTERNALDATE) the engine copies for a message, read the same way from either server so that
/// the two sides of a copy compare equal. MailKit reads an IMAP date-time only from 1969 on: a date the server keeps
/// from before then (an archive imported with its sent dates; Dovecot stores <c>01-Jan-0001</c> as 1901) or one it
/// words oddly comes back as <see cref="DateTimeOffset.MinValue"/>, which an APPEND would send as year 1. Such a
/// message takes the date of its own Date header, the date a mail program shows for it; without a readable one, the
/// Unix epoch, which the ledger and the verifier read as "no date known" (<see cref="Ledger.LedgerEntry"/>).
/// </summary>
internal static partial class ReceivedDate
{
    /// <summary>The date to copy for the message: its INTERNALDATE where MailKit could read it, else its Date header, else the epoch.</summary>
    /// <param name="summary">A summary fetched with the INTERNALDATE and the Date header (<see cref="ContentKey.Headers"/>).</param>
    public static DateTimeOffset Of(IMessageSummary summary) =>
        summary.InternalDate is { } date && date != DateTimeOffset.MinValue ? date : FromHeader(summary.Headers?[HeaderId.Date]) ?? DateTimeOffset.UnixEpoch;

    /// <summary>Whether a date read by <see cref="Of"/> is a real date rather than "none known".</summary>
    public static bool IsKnown(DateTimeOffset date) => date != DateTimeOffset.UnixEpoch;

    /// <summary>
    /// An RFC 5322 §3.3 date-time. MimeKit's parser reads every form mail programs write but, like MailKit's, only
    /// from 1969 on; an earlier date in the standard form (<c>Tue, 15 Jun 1965 12:00:00 +0100</c>) is read here.
    /// </summary>
    private static DateTimeOffset? FromHeader(string? value)
    {
        if (value is null)
            return null;
        if (DateUtils.TryParse(value, out var date) && date != DateTimeOffset.MinValue)
            return date;
        var match = StandardDate().Match(value);
        if (!match.Success)
            return null;
        var month = Array.IndexOf(Months, match.Groups["month"].Value.ToUpperInvariant()) + 1;
        var zone = match.Groups["zone"].Value;
        var offset = new TimeSpan(int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture), 0);
        try
        {
            return new DateTimeOffset(
                Number(match, "year"), month, Number(match, "day"), Number(match, "hour"), Number(match, "minute"),
                match.Groups["second"].Success ? Number(match, "second") : 0, zone[0] == '-' ? -offset : offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // 31 Feb, hour 25, an offset past 14 hours
        }
    }

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?:[A-Za-z]{3},\s*)?(?<day>\d{1,2})\s+(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(?<year>\d{4})\s+(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2}))?\s+(?<zone>[+-]\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StandardDate();
}
