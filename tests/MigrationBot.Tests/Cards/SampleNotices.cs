using MigrationBot.Cards.Model;
using MigrationBot.Notices;
using MigrationBot.Notices.Cards;
using MigrationBot.Notices.Templates;

namespace MigrationBot.Tests.Cards;

/// <summary>Each end-user notice with the default text, for one fixed user, for the cards' golden files.</summary>
public static class SampleNotices
{
    private static readonly NoticeRecipient Ann = new("ann@contoso.com", "Ann Vance", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), "en-GB");

    private static readonly NoticeFacts Facts = new("wave2", new DateTimeOffset(2026, 12, 12, 18, 0, 0, TimeSpan.Zero), ["#JunkEmail#"], 2, 35L * 1024 * 1024,
        "post in the IT channel or write to it@contoso.com", "outlook.office365.com, IMAP port 993 with SSL");

    public static AdaptiveCard Card(NoticeKind kind)
    {
        var (template, _) = NoticeTemplate.Parse(DefaultTemplates.For(kind));
        return NoticeCard.Build(kind, "wave2", NoticeRenderer.Render(template!, Ann, Facts), "6f1c2a4e-9d3b-4c7a-8e21-0b5d7f9a1c33");
    }
}
