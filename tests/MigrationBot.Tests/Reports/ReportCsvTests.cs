using System.Text;
using CsvHelper;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Reports;

public sealed class ReportCsvTests
{
    [Fact]
    public async Task WriteFoldersAsync_SampleReport_MatchesTheGoldenFile()
    {
        Golden.AssertMatches("report.csv", await FoldersCsv(SampleReport.Create()));
    }

    [Fact]
    public async Task WriteSkippedAsync_SampleReport_MatchesTheGoldenFile()
    {
        using var stream = new MemoryStream();

        await ReportCsv.WriteSkippedAsync(SampleReport.Create(), stream, CancellationToken.None);

        Golden.AssertMatches("skipped.csv", stream.ToArray());
    }

    [Fact]
    public async Task WriteUnstoredKeywordsAsync_SampleReport_MatchesTheGoldenFile()
    {
        // One row per message copied without keywords; a keyword that starts like a formula is escaped.
        using var stream = new MemoryStream();
        await ReportCsv.WriteUnstoredKeywordsAsync(SampleReport.Create(), stream, CancellationToken.None);
        Golden.AssertMatches("keywords-not-stored.csv", stream.ToArray());
    }

    [Fact]
    public async Task WriteFoldersAsync_ReadBack_GivesOneRowPerMailboxAndFolder()
    {
        var rows = Read(await FoldersCsv(SampleReport.Create()));

        Assert.Equal(ReportCsv.FolderColumns, rows[0]);
        Assert.Equal(5, rows.Count);
        Assert.Equal(["alice@contoso.com", "INBOX", "Inbox", "100", "12.5"], [rows[1][0], rows[1][4], rows[1][5], rows[1][7], rows[1][14]]);
        Assert.Equal("Reçus/日本語", rows[2][4]);
    }

    [Fact]
    public async Task WriteFoldersAsync_MailboxWithoutFolders_GetsOneRowWithItsError()
    {
        var bob = Read(await FoldersCsv(SampleReport.Create()))[4];

        Assert.Equal("bob@contoso.com", bob[0]);
        Assert.Equal("AuthenticationFailed", bob[1]);
        Assert.Equal("The source refused the login for bob, check the password", bob[2]);
        Assert.All(bob[4..], Assert.Empty);
    }

    [Fact]
    public async Task WriteFoldersAsync_FolderNameStartingLikeAFormula_IsEscapedForSpreadsheets()
    {
        var row = Read(await FoldersCsv(SampleReport.Create()))[3];

        Assert.Equal("'=HYPERLINK(\"x\")", row[4]);
    }

    private static async Task<byte[]> FoldersCsv(MigrationReport report)
    {
        using var stream = new MemoryStream();
        await ReportCsv.WriteFoldersAsync(report, stream, CancellationToken.None);
        return stream.ToArray();
    }

    private static List<string[]> Read(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        using var reader = CsvReader.Create(csv, new CsvReaderOptions { Separator = ',', HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        return rows;
    }
}
