using System.Globalization;
using MailKit;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class SelectionRulesTests
{
    private static MessageCandidate Received(DateTimeOffset date, long size = 100) => new(7, MessageFlags.None, "", date, size, "m:x@y");

    [Fact]
    public void Apply_DateFilterSkip_SaysTheCutOffInIso8601WhateverTheCulture()
    {
        var culture = CultureInfo.CurrentCulture;
        // The Thai culture counts years in the Buddhist era: 2024 would print as 2567.
        CultureInfo.CurrentCulture = new CultureInfo("th-TH");
        try
        {
            var options = new MigrationOptions
            {
                ReceivedAfter = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                ReceivedBefore = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(2)),
            };

            var (selected, skipped) = SelectionRules.Apply(options, [Received(new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero)), Received(new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero))], "INBOX");

            Assert.Empty(selected);
            Assert.Equal("received before 2024-01-01T00:00:00Z (date filter)", skipped[0].Reason);
            Assert.Equal("received on or after 2024-05-31T22:00:00Z (date filter)", skipped[1].Reason);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Apply_MessageOverTheSizeLimit_IsSkippedNamingTheLimit()
    {
        var (selected, skipped) = SelectionRules.Apply(new MigrationOptions { MaxMessageSize = 2 * 1024 * 1024 }, [Received(DateTimeOffset.UnixEpoch, 3 * 1024 * 1024), Received(DateTimeOffset.UnixEpoch)], "INBOX");

        Assert.Single(selected);
        Assert.Equal("larger than the 2 MB limit", Assert.Single(skipped).Reason);
    }
}
