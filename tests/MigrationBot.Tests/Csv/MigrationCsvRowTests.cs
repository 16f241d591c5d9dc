using MigrationBot.Engine.Csv;
using static MigrationBot.Tests.Csv.CsvInput;

namespace MigrationBot.Tests.Csv;

public sealed class MigrationCsvRowTests
{
    [Fact]
    public void Read_ValidFile_ReturnsEveryRowWithItsLine()
    {
        var result = ReadLines(Header + ",UserRoot", "alice@contoso.com,alice,pw1,", "bob@contoso.com,bob,pw2,Shared/bob");

        Assert.True(result.IsValid);
        Assert.Empty(result.Problems);
        Assert.Equal([2, 3], result.Rows.Select(r => r.Line));
        Assert.Null(result.Rows[0].Mailbox.UserRoot);
        Assert.Equal("Shared/bob", result.Rows[1].Mailbox.UserRoot);
        Assert.Equal(2, result.MailboxesToMigrate().Count);
    }

    [Theory]
    [InlineData("CONTOSO/admin/alice")]
    [InlineData("alice*admin")]
    [InlineData("#alice@contoso.com#admin#")]
    public void Read_AdminCredentialFormInUserName_IsKeptVerbatim(string userName)
    {
        var result = ReadLines(Header, $"alice@contoso.com,{userName},pw");

        Assert.Equal(userName, Assert.Single(result.MailboxesToMigrate()).UserName);
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndLineBreaks_AreUnquotedAndLinesStayExact()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,\"a,b\"\"c\"", "bob@contoso.com,bob,\"line1\nline2\"", "carol@contoso.com,carol,pw");

        Assert.True(result.IsValid);
        Assert.Equal("a,b\"c", result.Rows[0].Mailbox.Password.Reveal());
        Assert.Equal("line1\nline2", result.Rows[1].Mailbox.Password.Reveal());
        Assert.Equal([2, 3, 5], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Read_BlankTrailingLinesAndLfEndings_AreIgnored()
    {
        var result = Read(Header + "\nalice@contoso.com,alice,pw\n\n\n   \n");

        Assert.True(result.IsValid);
        Assert.Single(result.Rows);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsAccepted()
    {
        var bytes = "\uFEFF"u8.ToArray().Concat("EmailAddress,UserName,Password\r\nrené@contoso.com,rené,pw\r\n"u8.ToArray()).ToArray();

        var result = MigrationCsv.Read(new MemoryStream(bytes));

        Assert.True(result.IsValid);
        Assert.Equal("rené@contoso.com", Assert.Single(result.Rows).Mailbox.EmailAddress);
    }

    [Fact]
    public void Read_NotUtf8_SaysToSaveAsCsvUtf8AndGivesTheLine()
    {
        byte[] latin1 = [.. "EmailAddress,UserName,Password\r\nalice@contoso.com,alice,pw\r\nren"u8, 0xE9, .. "@contoso.com,rene,pw\r\n"u8];

        var problem = Single(MigrationCsv.Read(new MemoryStream(latin1)));

        Assert.Equal(new CsvProblem(3,
            "The file is not UTF-8 (Excel's \"CSV (comma delimited)\" uses another encoding): save it as \"CSV UTF-8 (comma delimited)\" and upload it again."),
            problem);
    }

    [Fact]
    public void Read_WrongFieldCount_GivesLineAndCounts()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,pw", "bob@contoso.com,Smith, Bob,pw");

        Assert.Equal(new CsvProblem(3,
            "This line has 4 fields but the header has 3: put quotes around any value that contains a comma, such as \"Smith, John\"."),
            Single(result));
    }

    [Theory]
    [InlineData(",alice,pw", "EmailAddress")]
    [InlineData("alice@contoso.com, ,pw", "UserName")]
    [InlineData("alice@contoso.com,alice,", "Password")]
    public void Read_EmptyRequiredField_NamesTheColumn(string row, string column)
    {
        var problem = Single(ReadLines(Header, "bob@contoso.com,bob,pw", row));

        Assert.Equal(new CsvProblem(3, $"{column} is empty: every line needs EmailAddress, UserName and Password."), problem);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice@")]
    [InlineData("@contoso.com")]
    [InlineData("alice@contoso")]
    [InlineData("alice@@contoso.com")]
    [InlineData("alice@contoso..com")]
    [InlineData("Alice <alice@contoso.com>")]
    [InlineData("al ice@contoso.com")]
    public void Read_InvalidEmailAddress_IsReportedWithItsLine(string email)
    {
        var problem = Single(ReadLines(Header, $"\"{email}\",alice,pw"));

        Assert.Equal(new CsvProblem(2,
            $"EmailAddress \"{email}\" is not a valid email address: write the address alone, such as user@contoso.com."), problem);
    }

    [Fact]
    public void Read_DuplicateEmailAddressInAnyCase_NamesTheFirstLine()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,pw", "bob@contoso.com,bob,pw", "Alice@Contoso.com,alice2,pw");

        Assert.Equal(new CsvProblem(4, "EmailAddress Alice@Contoso.com is already on line 2: list each mailbox once."), Single(result));
    }

    [Fact]
    public void Read_UnclosedQuote_IsReportedAtTheLineItStarts()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,pw", "bob@contoso.com,bob,\"pw");

        Assert.Equal(new CsvProblem(3, "A quoted value is never closed: add the missing quote (\") at the end of the value."), Single(result));
    }

    [Fact]
    public void Read_StrayQuote_IsReportedWithItsLine()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,p\"w", "bob@contoso.com,bob,pw");

        Assert.Equal(new CsvProblem(2,
            "A value contains a quote (\") but is not quoted: put the whole value in quotes and double the quote inside (\"\")."),
            Single(result));
    }

    [Fact]
    public void Read_AnyProblem_NoRowWithAProblemIsListedAndNothingCanStart()
    {
        var result = ReadLines(Header, "alice@contoso.com,alice,pw", "bob,bob,pw", "carol@contoso.com,,pw", "alice@contoso.com,alice,pw");

        Assert.False(result.IsValid);
        Assert.Equal([3, 4, 5], result.Problems.Select(p => p.Line));
        Assert.Equal([2], result.Rows.Select(r => r.Line));
        var refusal = Assert.Throws<InvalidOperationException>(() => result.MailboxesToMigrate());
        Assert.Equal("The CSV has 3 problem(s); fix them and upload it again before starting anything.", refusal.Message);
    }

    [Fact]
    public void Read_SeveralProblemsOnOneLine_AreAllReported()
    {
        var result = ReadLines(Header, "bob,,");

        Assert.Equal(
        [
            new CsvProblem(2, "UserName is empty: every line needs EmailAddress, UserName and Password."),
            new CsvProblem(2, "Password is empty: every line needs EmailAddress, UserName and Password."),
            new CsvProblem(2, "EmailAddress \"bob\" is not a valid email address: write the address alone, such as user@contoso.com."),
        ], result.Problems);
    }
}
