using MigrationBot.Batches.Progress;

namespace MigrationBot.Tests.Batches;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData(0.4, "under a second")]
    [InlineData(10, "10 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(3 * 3600 + 7 * 60 + 5, "3 h 7 min")]
    public void Duration_IsWrittenInTheLargestUnitThatFits_SecondsBelowAMinute(double seconds, string expected) =>
        Assert.Equal(expected, Quantities.Duration(TimeSpan.FromSeconds(seconds)));
}
