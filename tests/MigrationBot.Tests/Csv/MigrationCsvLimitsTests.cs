using System.Text;
using MigrationBot.Engine.Csv;
using static MigrationBot.Tests.Csv.CsvInput;

namespace MigrationBot.Tests.Csv;

public sealed class MigrationCsvLimitsTests
{
    [Fact]
    public void Read_50000Rows_IsAccepted()
    {
        var result = Read(Rows(50_000));

        Assert.True(result.IsValid);
        Assert.Equal(50_000, result.Rows.Count);
    }

    [Fact]
    public void Read_50001Rows_IsRefused()
    {
        var result = Read(Rows(50_001));

        Assert.Equal(new CsvProblem(50_002,
            "The file has more than 50,000 rows, Exchange's limit for one batch: split it into several files."), Single(result));
        Assert.Empty(result.Rows);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_MoreThan10MB_IsRefused(bool seekable)
    {
        var text = new StringBuilder(Header + ",UserRoot\r\n");
        while (text.Length <= MigrationCsv.MaxBytes)
        {
            text.Append("alice@contoso.com,alice,pw,").Append('x', 1000).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Stream stream = seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);

        var problem = Single(MigrationCsv.Read(stream));

        Assert.Equal(new CsvProblem(0,
            "The file is larger than 10 MB, Exchange's limit for one batch: split it into several files of at most 50,000 rows and 10 MB."),
            problem);
    }

    [Fact]
    public async Task ReadAsync_ReadsLikeRead()
    {
        var result = await MigrationCsv.ReadAsync(new ForwardOnlyStream(Encoding.UTF8.GetBytes(Rows(3))), CancellationToken.None);

        Assert.Equal([2, 3, 4], result.Rows.Select(r => r.Line));
    }

    private static string Rows(int count)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("user").Append(i).Append("@contoso.com,user").Append(i).Append(",pw\r\n");
        }

        return text.ToString();
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
