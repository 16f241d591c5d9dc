using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Reports;

public sealed class ReportJsonTests
{
    [Fact]
    public async Task WriteAsync_SampleReport_MatchesTheGoldenFile()
    {
        using var stream = new MemoryStream();

        await ReportJson.WriteAsync(SampleReport.Create(), stream, CancellationToken.None);

        Golden.AssertMatches("report.json", stream.ToArray());
    }

    [Fact]
    public void Deserialize_WhatSerializeWrote_GivesTheSameReport()
    {
        var json = ReportJson.Serialize(SampleReport.Create());

        var read = ReportJson.Deserialize(json);

        Assert.Equal(json, ReportJson.Serialize(read));
        var alice = read.Mailboxes[0];
        Assert.Equal(MailboxOutcome.CompletedWithErrors, alice.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12.5), alice.Folders[0].Duration);
        Assert.Equal("Reçus/日本語", alice.Folders[1].SourceFolder);
        Assert.Equal(3, alice.Folders[0].Skips.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 22, 0, 5, TimeSpan.Zero), alice.StartedAt);
    }

    [Fact]
    public void Serialize_UsesCamelCaseAndEnumNames()
    {
        var json = ReportJson.Serialize(SampleReport.Create());

        Assert.Contains("\"emailAddress\": \"alice@contoso.com\"", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\": \"AuthenticationFailed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"allSucceeded\": false", json, StringComparison.Ordinal);
    }
}
