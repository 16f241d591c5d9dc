using MigrationBot.Batches.Alerts;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Time.Testing;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>When a throttling episode of the target is alerted: long enough, once per episode; episodes as the governor sees them.</summary>
public sealed class ThrottleRuleTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AnEpisodeShorterThanTheThreshold_IsNotAlerted_AndOneAsLongIs()
    {
        var since = _time.GetUtcNow();

        Assert.False(ThrottleRule.ShouldAlert(since, since + Threshold - TimeSpan.FromSeconds(1), Threshold, alertedFor: null));
        Assert.True(ThrottleRule.ShouldAlert(since, since + Threshold, Threshold, alertedFor: null));
    }

    [Fact]
    public void AnEpisodeAlreadyAlerted_IsNotAlertedAgain_EvenWhenItGrowsLonger()
    {
        var since = _time.GetUtcNow();

        Assert.False(ThrottleRule.ShouldAlert(since, since + TimeSpan.FromHours(2), Threshold, alertedFor: since));
    }

    [Fact]
    public void Governor_AThrottleWhileThrottled_ContinuesTheEpisode_AndOneAfterItEndedStartsANewOne()
    {
        var governor = new HostGovernor(_time);
        var first = _time.GetUtcNow();
        governor.Throttled("outlook.office365.com", TimeSpan.FromMinutes(4));
        _time.Advance(TimeSpan.FromMinutes(3));
        governor.Throttled("outlook.office365.com", TimeSpan.FromMinutes(8));

        Assert.Equal(first, governor.ThrottledSince("outlook.office365.com"));
        Assert.Equal(first + TimeSpan.FromMinutes(11), governor.ThrottledUntil("outlook.office365.com"));
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(governor.ThrottledSince("outlook.office365.com"));
        governor.Throttled("outlook.office365.com", TimeSpan.FromMinutes(1));
        Assert.Equal(_time.GetUtcNow(), governor.ThrottledSince("outlook.office365.com"));
    }
}
