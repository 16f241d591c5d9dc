using MailKit;
using MigrationBot.Engine.Sync;
using MimeKit;

namespace MigrationBot.Tests.Sync;

public sealed class ReceivedDateTests
{
    private static MessageSummary Summary(DateTimeOffset? internalDate, string? dateHeader)
    {
        var headers = new HeaderList();
        if (dateHeader is not null)
            headers.Add(HeaderId.Date, dateHeader);
        return new MessageSummary(0) { InternalDate = internalDate, Headers = headers };
    }

    [Fact]
    public void Of_ADateMailKitRead_IsThatDate()
    {
        var date = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal(date, ReceivedDate.Of(Summary(date, "Tue, 15 Jun 1965 12:00:00 +0100")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Of_ADateMailKitCouldNotRead_IsTheDateHeadersDate(bool sentAsYearOne)
    {
        var summary = Summary(sentAsYearOne ? DateTimeOffset.MinValue : null, "Tue, 15 Jun 1965 12:00:00 +0100");

        Assert.Equal(new DateTimeOffset(1965, 6, 15, 12, 0, 0, TimeSpan.FromHours(1)), ReceivedDate.Of(summary));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a date")]
    [InlineData("Tue, 31 Feb 1965 12:00:00 +0100")]
    public void Of_NeitherDateReadable_IsTheEpochTheLedgerReadsAsNoDate(string? dateHeader)
    {
        Assert.Equal(DateTimeOffset.UnixEpoch, ReceivedDate.Of(Summary(DateTimeOffset.MinValue, dateHeader)));
    }
}
