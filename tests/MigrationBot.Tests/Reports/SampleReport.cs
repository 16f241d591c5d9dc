using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Reports;

/// <summary>A fixed report with the awkward values: non-ASCII names, commas, quotes, a formula-like name, a failed mailbox.</summary>
internal static class SampleReport
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 22, 0, 0, TimeSpan.Zero);

    public static MigrationReport Create() => new(
        Start,
        Start.AddMinutes(42),
        [
            new MailboxReport(
                "alice@contoso.com",
                MailboxOutcome.CompletedWithErrors,
                "2 messages failed",
                [
                    new FolderStatistics("INBOX", "Inbox", 120, 100, 15, 3, 2, 7_340_032, 4, 1, TimeSpan.FromSeconds(12.5),
                    [
                        new SkippedItem("INBOX", 17, 40_000_000, "Larger than the 35 MB limit"),
                        new SkippedItem("INBOX", 18, 1_024, "Unreadable: \"BAD\" from server, line 3"),
                        new SkippedItem("INBOX", 19, 2_048, "Received before 2020-01-01"),
                    ],
                    [new UnstoredKeywords("INBOX", 21, "=Work $Project")]),
                    new FolderStatistics("Reçus/日本語", "Reçus/日本語", 5, 5, 0, 0, 0, 51_200, 0, 0, TimeSpan.FromMilliseconds(800), [], []),
                    new FolderStatistics("=HYPERLINK(\"x\")", "_HYPERLINK(_x_)", 1, 1, 0, 0, 0, 2_000, 0, 0, TimeSpan.FromSeconds(1), [], []),
                ],
                Start.AddSeconds(5),
                TimeSpan.FromMinutes(3)),
            new MailboxReport(
                "bob@contoso.com",
                MailboxOutcome.AuthenticationFailed,
                "The source refused the login for bob, check the password",
                [],
                Start.AddSeconds(6),
                TimeSpan.FromSeconds(2)),
        ]);
}
