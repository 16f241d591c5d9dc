using System.Globalization;
using MigrationBot.Notices;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Tests.Notices;

public sealed class NoticeRendererTests
{
    private static readonly DateTimeOffset Cutover = new(2026, 12, 12, 18, 0, 0, TimeSpan.Zero);

    private static NoticeFacts Facts(int oversize = 0) =>
        new("wave2", Cutover, ["Archive/2019", "#JunkEmail#"], oversize, 35L * 1024 * 1024, "the IT channel or it@contoso.com", "outlook.office365.com, IMAP 993 SSL");

    [Fact]
    public void TheCutover_IsWrittenInTheUsersLanguageAndTimeZone()
    {
        var anna = new NoticeRecipient("anna@contoso.com", "Anna", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), "de-DE");
        var ken = new NoticeRecipient("ken@contoso.com", "Ken", TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), "ja-JP");

        var german = NoticeRenderer.Values(anna, Facts())["CutoverLocal"];
        var japanese = NoticeRenderer.Values(ken, Facts())["CutoverLocal"];

        Assert.StartsWith("Samstag, 12. Dezember 2026 19:00", german, StringComparison.Ordinal);
        Assert.Contains("2026年12月13日", japanese, StringComparison.Ordinal);
        Assert.Contains("3:00", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownLanguage_FallsBackToEnglishNotTheServersCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            // ICU puts a narrow no-break space before AM/PM.
            var text = NoticeRenderer.Values(new NoticeRecipient("a@contoso.com", "A", TimeZoneInfo.Utc, "xx-NOTREAL"), Facts())["CutoverLocal"].Replace('\u202f', ' ');

            Assert.StartsWith("Saturday, December 12, 2026 6:00 PM", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void TheAnnouncement_NamesTheExcludedFoldersAndTheItemsTooLargeToMove()
    {
        var (template, _) = NoticeTemplate.Parse(DefaultTemplates.For(NoticeKind.Announcement));
        var text = NoticeRenderer.Render(template!, new NoticeRecipient("a@contoso.com", "Ann", TimeZoneInfo.Utc, "en-GB"), Facts(oversize: 3));

        Assert.Contains("Hello Ann", text, StringComparison.Ordinal);
        Assert.Contains("Archive/2019, #JunkEmail#", text, StringComparison.Ordinal);
        Assert.Contains("3 of your items are larger than 35 MB", text, StringComparison.Ordinal);
        Assert.Contains("12 December 2026", text, StringComparison.Ordinal);
    }
}
