using System.Text;
using MigrationBot.Engine.Csv;

namespace MigrationBot.Tests.Csv;

/// <summary><see cref="CsvPasswords.Forbidden"/>: the batch form in a Teams channel, where the endpoint's admin credentials log in.</summary>
public sealed class MigrationCsvWithoutPasswordsTests
{
    private const string Header = "EmailAddress,UserName";
    private const string Password = "S3cret!xyz";
    private const string Refused = "This form takes no passwords: remove the Password column; per-user passwords go in personal chat.";

    [Fact]
    public void ReadWithoutPasswords_HeaderWithoutPasswordColumn_IsAccepted()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice*admin", "bob@contoso.com,bob*admin");

        Assert.True(result.IsValid);
        Assert.Equal([2, 3], result.Rows.Select(r => r.Line));
        var alice = result.MailboxesToMigrate()[0];
        Assert.Equal("alice@contoso.com", alice.EmailAddress);
        Assert.Equal("alice*admin", alice.UserName);
        Assert.True(alice.Password.IsEmpty);
        Assert.Null(alice.UserRoot);
    }

    [Fact]
    public void ReadWithoutPasswords_UserRootColumn_IsStillOptionalAndInAnyOrder()
    {
        var result = ReadLines("userroot,USERNAME,EmailAddress", "Shared/alice,alice,alice@contoso.com", ",bob,bob@contoso.com");

        Assert.True(result.IsValid);
        Assert.Equal(["Shared/alice", null], result.MailboxesToMigrate().Select(m => m.UserRoot));
        Assert.Equal(["alice", "bob"], result.MailboxesToMigrate().Select(m => m.UserName));
    }

    [Theory]
    [InlineData("EmailAddress,UserName,Password", "alice@contoso.com,alice," + Password)]
    [InlineData("password,EmailAddress,UserName,UserRoot", Password + ",alice@contoso.com,alice,Shared/alice")]
    [InlineData("EmailAddress,UserName,Password,Password", "alice@contoso.com,alice," + Password + "," + Password)]
    public void ReadWithoutPasswords_PasswordColumn_IsRefusedOnTheHeaderLine(string header, string row)
    {
        var result = ReadLines(header, row);

        Assert.Equal([new CsvProblem(1, Refused)], result.Problems);
        Assert.Throws<InvalidOperationException>(() => result.MailboxesToMigrate());
    }

    [Fact]
    public void ReadWithoutPasswords_PasswordColumnAfterBlankLines_IsRefusedOnTheLineItIsOn()
    {
        var result = Read("\r\n\r\nEmailAddress,Password,UserName\r\nalice@contoso.com,pw,alice\r\n");

        Assert.Equal([new CsvProblem(3, Refused)], result.Problems);
    }

    [Theory]
    [InlineData("Pwd")]
    [InlineData("Pasword")]
    public void ReadWithoutPasswords_PasswordColumnUnderAnotherName_IsRefusedNotSuggested(string name)
    {
        var result = ReadLines($"EmailAddress,UserName,{name}", "alice@contoso.com,alice,pw");

        Assert.Equal([new CsvProblem(1,
            $"This form takes no passwords: remove the column \"{name}\" (it looks like Password); per-user passwords go in personal chat.")], result.Problems);
    }

    [Fact]
    public void ReadWithoutPasswords_RefusedFile_HoldsNoPasswordAnywhere()
    {
        var result = ReadLines("EmailAddress,UserName,Password", "alice@contoso.com,alice," + Password, "not-an-address,bob," + Password);

        Assert.All(result.Rows, r => Assert.True(r.Mailbox.Password.IsEmpty));
        var printed = string.Join("\n", result.Problems) + string.Join("\n", result.Rows) + result;
        Assert.DoesNotContain("S3cret", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWithoutPasswords_PasswordColumnAndBadRows_ReportsEveryProblemWithItsLine()
    {
        var result = ReadLines("EmailAddress,UserName,Password",
            "alice@contoso.com,alice,pw", "not-an-address,bob,pw", "alice@contoso.com,alice2,pw", "carol@contoso.com,,pw");

        Assert.Equal(
        [
            new CsvProblem(1, Refused),
            new CsvProblem(3, "EmailAddress \"not-an-address\" is not a valid email address: write the address alone, such as user@contoso.com."),
            new CsvProblem(4, "EmailAddress alice@contoso.com is already on line 2: list each mailbox once."),
            new CsvProblem(5, "UserName is empty: every line needs EmailAddress and UserName."),
        ], result.Problems);
    }

    [Fact]
    public void ReadWithoutPasswords_RowProblems_AreReportedWithTheirLines()
    {
        var result = ReadLines(Header, ",alice", "bob@contoso.com,bob", "carol@contoso.com,carol," + Password, "dave@contoso.com,");

        Assert.Equal(
        [
            new CsvProblem(2, "EmailAddress is empty: every line needs EmailAddress and UserName."),
            new CsvProblem(4, "This line has 3 fields but the header has 2: put quotes around any value that contains a comma, such as \"Smith, John\"."),
            new CsvProblem(5, "UserName is empty: every line needs EmailAddress and UserName."),
        ], result.Problems);
        Assert.Equal([3], result.Rows.Select(r => r.Line));
        Assert.DoesNotContain("S3cret", string.Join("\n", result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadWithoutPasswords_MissingUserName_NamesTheColumnsThisFormNeeds()
    {
        var result = ReadLines("EmailAddress,UserRoot", "alice@contoso.com,");

        Assert.Equal([new CsvProblem(1, "Missing required column UserName: the header must contain EmailAddress and UserName.")], result.Problems);
    }

    [Fact]
    public void ReadWithoutPasswords_UnknownColumn_ListsTheColumnsThisFormTakes()
    {
        var result = ReadLines("EmailAddress,UserName,Department", "alice@contoso.com,alice,Sales");

        Assert.Equal([new CsvProblem(1,
            "Unknown column \"Department\": the only columns allowed are EmailAddress, UserName and UserRoot.")], result.Problems);
    }

    [Fact]
    public void ReadWithoutPasswords_MissingHeader_GivesTheHeaderWithoutPassword()
    {
        var result = ReadLines("alice@contoso.com,alice", "bob@contoso.com,bob");

        Assert.Equal([new CsvProblem(1,
            "The first line is not a header: it must be EmailAddress,UserName (optionally followed by ,UserRoot), then one line per mailbox.")], result.Problems);
    }

    [Fact]
    public void ReadWithoutPasswords_EmptyFile_GivesTheHeaderWithoutPassword()
    {
        var result = Read("");

        Assert.Equal([new CsvProblem(1,
            "The file is empty: the first line must be the header EmailAddress,UserName (optionally ,UserRoot), then one line per mailbox.")], result.Problems);
    }

    [Fact]
    public async Task ReadAsyncWithoutPasswords_ReadsLikeRead()
    {
        var bytes = Encoding.UTF8.GetBytes("EmailAddress,UserName\r\nalice@contoso.com,alice\r\n");

        var accepted = await MigrationCsv.ReadAsync(new MemoryStream(bytes), CsvPasswords.Forbidden, CancellationToken.None);
        var refused = await MigrationCsv.ReadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.True(Assert.Single(accepted.MailboxesToMigrate()).Password.IsEmpty);
        Assert.Equal([new CsvProblem(1, "Missing required column Password: the header must contain EmailAddress, UserName and Password.")], refused.Problems);
    }

    [Fact]
    public void Read_UndefinedPasswordsMode_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MigrationCsv.Read(new MemoryStream(), (CsvPasswords)7));
    }

    private static MigrationCsvResult Read(string text) =>
        MigrationCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), CsvPasswords.Forbidden);

    private static MigrationCsvResult ReadLines(params string[] lines) => Read(string.Join("\r\n", lines) + "\r\n");
}
