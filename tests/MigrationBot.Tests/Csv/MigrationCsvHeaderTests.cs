using MigrationBot.Engine.Csv;
using static MigrationBot.Tests.Csv.CsvInput;

namespace MigrationBot.Tests.Csv;

public sealed class MigrationCsvHeaderTests
{
    [Fact]
    public void Read_HeaderInAnyCaseAndOrder_MapsColumnsByName()
    {
        var result = ReadLines("password,USERROOT,emailaddress,UserName", "pw1,Shared/alice,alice@contoso.com,alice");

        Assert.True(result.IsValid);
        var mailbox = Assert.Single(result.MailboxesToMigrate());
        Assert.Equal("alice@contoso.com", mailbox.EmailAddress);
        Assert.Equal("alice", mailbox.UserName);
        Assert.Equal("pw1", mailbox.Password.Reveal());
        Assert.Equal("Shared/alice", mailbox.UserRoot);
    }

    [Fact]
    public void Read_MisspelledHeader_SuggestsClosestName()
    {
        var problem = Single(ReadLines("EmailAdress,UserName,Password", "alice@contoso.com,alice,pw"));

        Assert.Equal(new CsvProblem(1, "Unknown column \"EmailAdress\": did you mean EmailAddress?"), problem);
    }

    [Theory]
    [InlineData("Email", "EmailAddress")]
    [InlineData("User Name", "UserName")]
    [InlineData("Pasword", "Password")]
    [InlineData("UsrRoot", "UserRoot")]
    public void Read_MisspelledOrSynonymHeader_SuggestsTheColumnMeant(string written, string meant)
    {
        var header = $"EmailAddress,UserName,Password,UserRoot".Replace(meant, written, StringComparison.Ordinal);

        var problem = Single(ReadLines(header, "alice@contoso.com,alice,pw,"));

        Assert.Equal(new CsvProblem(1, $"Unknown column \"{written}\": did you mean {meant}?"), problem);
    }

    [Fact]
    public void Read_UnknownColumn_IsAnErrorNamingTheColumn()
    {
        var problem = Single(ReadLines("EmailAddress,UserName,Password,Department", "alice@contoso.com,alice,pw,Sales"));

        Assert.Equal(new CsvProblem(1,
            "Unknown column \"Department\": the only columns allowed are EmailAddress, UserName, Password and UserRoot."), problem);
    }

    [Fact]
    public void Read_MissingRequiredColumn_NamesTheColumn()
    {
        var problem = Single(ReadLines("EmailAddress,UserName", "alice@contoso.com,alice"));

        Assert.Equal(new CsvProblem(1,
            "Missing required column Password: the header must contain EmailAddress, UserName and Password."), problem);
    }

    [Fact]
    public void Read_MissingHeader_SaysTheFirstLineMustBeTheHeader()
    {
        var result = ReadLines("alice@contoso.com,alice,S3cret!xyz", "bob@contoso.com,bob,pw");

        Assert.Equal(new CsvProblem(1,
            "The first line is not a header: it must be EmailAddress,UserName,Password (optionally followed by ,UserRoot), then one line per mailbox."),
            Single(result));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Read_SemicolonSeparatedFile_SaysToSaveWithCommas()
    {
        var problem = Single(ReadLines("EmailAddress;UserName;Password", "alice@contoso.com;alice;pw"));

        Assert.Equal(new CsvProblem(1,
            "The file uses ';' as separator; save it as \"CSV UTF-8 (comma delimited)\" so fields are separated by commas."), problem);
    }

    [Fact]
    public void Read_ColumnTwice_NamesBothPositions()
    {
        var problem = Single(ReadLines("EmailAddress,UserName,Password,username", "alice@contoso.com,alice,pw,alice"));

        Assert.Equal(new CsvProblem(1, "Column UserName appears twice in the header (columns 2 and 4): keep one."), problem);
    }

    [Fact]
    public void Read_HeaderWithTrailingComma_SaysTheColumnHasNoName()
    {
        var problem = Single(ReadLines("EmailAddress,UserName,Password,", "alice@contoso.com,alice,pw,"));

        Assert.Equal(new CsvProblem(1, "Column 4 of the header has no name: remove the extra comma or name the column."), problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void Read_EmptyFile_SaysTheHeaderIsNeeded(string text)
    {
        var problem = Single(Read(text));

        Assert.Equal(new CsvProblem(1,
            "The file is empty: the first line must be the header EmailAddress,UserName,Password (optionally ,UserRoot), then one line per mailbox."),
            problem);
    }

    [Fact]
    public void Read_HeaderWithoutRows_SaysToAddMailboxes()
    {
        var problem = Single(ReadLines(Header, ""));

        Assert.Equal(new CsvProblem(2, "The file has a header but no mailboxes: add one line per mailbox below the header."), problem);
    }
}
