using System.Globalization;

namespace MigrationBot.Notices.Templates;

/// <summary>
/// Turns a template into the text one user reads: every placeholder filled, dates in the user's own time zone and
/// language (an unknown language falls back to English, never to the server's culture).
/// </summary>
public static class NoticeRenderer
{
    public static string Render(NoticeTemplate template, NoticeRecipient recipient, NoticeFacts facts) =>
        template.Render(Values(recipient, facts));

    public static IReadOnlyDictionary<string, string> Values(NoticeRecipient recipient, NoticeFacts facts)
    {
        var culture = Culture(recipient.Locale);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DisplayName"] = recipient.DisplayName,
            ["EmailAddress"] = recipient.EmailAddress,
            ["BatchName"] = facts.BatchName,
            ["CutoverLocal"] = facts.CutoverUtc is { } cutover ? LocalTime(cutover, recipient.TimeZone, culture) : "a date IT will announce",
            ["TimeZone"] = recipient.TimeZone.DisplayName,
            ["ExcludedFolders"] = facts.ExcludedFolders.Count == 0 ? "none" : string.Join(", ", facts.ExcludedFolders),
            ["OversizeItems"] = facts.OversizeItems == 0 ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $"{facts.OversizeItems} of your items are larger than {facts.MaxMessageSize / (1024 * 1024)} MB and will not move; keep a copy if you need them."),
            ["ItContact"] = facts.ItContact,
            ["NewServer"] = facts.NewServer,
        };
    }

    /// <summary>"Samstag, 12. Dezember 2026 19:00 (W. Europe Standard Time)": the long date and short time of the user's language.</summary>
    public static string LocalTime(DateTimeOffset utc, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return $"{local.ToString(culture.DateTimeFormat.LongDatePattern, culture)} {local.ToString(culture.DateTimeFormat.ShortTimePattern, culture)} ({zone.StandardName})";
    }

    public static CultureInfo Culture(string? locale)
    {
        try
        {
            return string.IsNullOrWhiteSpace(locale) ? CultureInfo.GetCultureInfo("en-US") : CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.GetCultureInfo("en-US");
        }
    }
}
