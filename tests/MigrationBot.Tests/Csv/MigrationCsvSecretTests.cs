using MigrationBot.Engine.Csv;
using static MigrationBot.Tests.Csv.CsvInput;

namespace MigrationBot.Tests.Csv;

public sealed class MigrationCsvSecretTests
{
    private const string Password = "S3cret!xyz";

    [Theory]
    [InlineData("not-an-address,alice," + Password)]
    [InlineData(",alice," + Password)]
    [InlineData("alice@contoso.com,," + Password)]
    [InlineData("alice@contoso.com,alice," + Password + ",extra")]
    [InlineData("alice@contoso.com,alice,S3cret\"!xyz")]
    [InlineData("alice@contoso.com,alice,\"" + Password)]
    [InlineData("first@contoso.com,first,pw\r\nfirst@contoso.com,alice," + Password)]
    public void Read_RowWithAProblem_NeverPrintsThePassword(string row)
    {
        var result = Read(Header + "\r\n" + row + "\r\n");

        Assert.False(result.IsValid);
        var exception = Assert.Throws<InvalidOperationException>(() => result.MailboxesToMigrate());
        var printed = string.Join("\n", result.Problems.Select(p => p.ToString()))
            + string.Join("\n", result.Problems.Select(p => p.Message))
            + string.Join("\n", result.Rows.Select(r => r.ToString()))
            + result + exception;
        Assert.DoesNotContain("S3cret", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileWithoutHeader_NeverPrintsThePassword()
    {
        var result = ReadLines("alice@contoso.com,alice," + Password, "Password1,Username,Email");

        Assert.DoesNotContain("S3cret", string.Join("\n", result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidRow_PrintsThePasswordRedacted()
    {
        var row = Assert.Single(ReadLines(Header, "alice@contoso.com,alice," + Password).Rows);

        Assert.DoesNotContain("S3cret", row.ToString(), StringComparison.Ordinal);
        Assert.Equal(Password, row.Mailbox.Password.Reveal());
    }
}
