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
        var problem = Single(MigrationCsv.Read(Stream(MoreThan10MB(), seekable)));

        Assert.Equal(TooLarge, problem);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_MoreThan10MB_IsRefused(bool seekable)
    {
        var problem = Single(await MigrationCsv.ReadAsync(Stream(MoreThan10MB(), seekable), CancellationToken.None));

        Assert.Equal(TooLarge, problem);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_ReadsLikeRead(bool seekable)
    {
        var result = await MigrationCsv.ReadAsync(Stream(Encoding.UTF8.GetBytes(Rows(3)), seekable), CancellationToken.None);

        Assert.Equal([2, 3, 4], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public async Task ReadAndReadAsync_OfAStreamPositionedPastItsStart_ReadFromThatPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("junk" + Rows(2));
        using var stream = new MemoryStream(bytes) { Position = 4 };
        var read = MigrationCsv.Read(stream);
        stream.Position = 4;
        var readAsync = await MigrationCsv.ReadAsync(stream, CancellationToken.None);

        Assert.Equal([2, 3], read.Rows.Select(r => r.Line));
        Assert.Equal([2, 3], readAsync.Rows.Select(r => r.Line));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task ReadAndReadAsync_OfAFileWhoseSizeSaysLessThanItHolds_ReadEverything(long saidLength)
    {
        // Files under /proc say 0; a file still being written says less than it holds by the time it is read.
        var bytes = Encoding.UTF8.GetBytes(Rows(3));

        var read = MigrationCsv.Read(new MisreportedLengthStream(bytes, saidLength));
        var readAsync = await MigrationCsv.ReadAsync(new MisreportedLengthStream(bytes, saidLength), CancellationToken.None);

        Assert.Equal([2, 3, 4], read.Rows.Select(r => r.Line));
        Assert.Equal([2, 3, 4], readAsync.Rows.Select(r => r.Line));
    }

    private static readonly CsvProblem TooLarge = new(0,
        "The file is larger than 10 MB, Exchange's limit for one batch: split it into several files of at most 50,000 rows and 10 MB.");

    private static byte[] MoreThan10MB()
    {
        var text = new StringBuilder(Header + ",UserRoot\r\n");
        while (text.Length <= MigrationCsv.MaxBytes)
        {
            text.Append("alice@contoso.com,alice,pw,").Append('x', 1000).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static Stream Stream(byte[] bytes, bool seekable) => seekable ? new MemoryStream(bytes) : new ForwardOnlyStream(bytes);

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

    private sealed class MisreportedLengthStream(byte[] bytes, long saidLength) : MemoryStream(bytes)
    {
        public override long Length => saidLength;
    }
}
