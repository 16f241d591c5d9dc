using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class BackoffTests
{
    [Fact]
    public void Delay_GrowsWithAttemptsAndStaysWithinTheCap()
    {
        var initial = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(20);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var delay = Backoff.Delay(attempt, initial, max, null);
            var ceiling = Math.Min(Math.Pow(2, attempt - 1), 20);
            Assert.InRange(delay.TotalSeconds, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Delay_ServerHint_IsHonouredEvenAboveTheExponentialCap()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(7)));
        // Exchange Online's usual "Suggested Backoff Time" is about five minutes: retrying sooner earns another throttle.
        Assert.Equal(TimeSpan.FromMinutes(5), Backoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
    }
}
