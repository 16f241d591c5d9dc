using Microsoft.Extensions.Time.Testing;
using MigrationBot.BotFramework.Connector;

namespace MigrationBot.Tests.BotFramework.Connector;

public sealed class OutboundRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TwentySendsToOneConversation_LeaveAtTeamsPace_SevenAtOnceThenEightPerTwoSeconds()
    {
        var limiter = new OutboundRateLimiter(_time);

        var turns = await TurnsAsync(limiter, Enumerable.Repeat("19:chat", 20));

        Assert.Equal(7, turns.Count(t => t == TimeSpan.Zero));
        AssertUnderEveryWindow(turns, OutboundRateLimiter.TeamsPerConversation);
        // 7 at 0 s, 1 at 1 s, 7 at 2 s, 1 at 3 s: eight per two seconds, so the last four leave at 4 s.
        Assert.Equal(TimeSpan.FromSeconds(4), turns[^1]);
    }

    [Fact]
    public async Task SendsToManyConversations_AreHeldToThirtyASecondForTheApp()
    {
        var limiter = new OutboundRateLimiter(_time);

        var turns = await TurnsAsync(limiter, Enumerable.Range(0, 75).Select(i => $"29:user-{i}"));

        Assert.Equal(30, turns.Count(t => t == TimeSpan.Zero));
        AssertUnderEveryWindow(turns, OutboundRateLimiter.TeamsPerApp);
        Assert.Equal(TimeSpan.FromSeconds(2), turns[^1]);
    }

    [Fact]
    public async Task ASecondConversation_IsNotHeldBackByABusyFirstOne()
    {
        var limiter = new OutboundRateLimiter(_time);
        await TurnsAsync(limiter, Enumerable.Repeat("19:busy", 8));

        var other = await TurnsAsync(limiter, ["29:quiet"]);

        Assert.Equal([TimeSpan.Zero], other);
    }

    [Fact]
    public async Task TheSixtyFirstSendWithinThirtySeconds_WaitsUntilTheFirstIsThirtySecondsOld()
    {
        var limiter = new OutboundRateLimiter(_time);
        var turns = new List<TimeSpan>();
        for (var i = 0; i < 61; i++)
        {
            // One every 300 ms, under the 1 s and 2 s limits, so only the 60-in-30-s window can hold a send back.
            var wait = await WaitAsync(limiter, "19:chat");
            turns.Add(wait);
            if (i < 60)
                _time.Advance(TimeSpan.FromMilliseconds(300));
        }

        Assert.All(turns.Take(60), t => Assert.Equal(TimeSpan.Zero, t));
        Assert.Equal(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(300 * 60), turns[60]);
    }

    [Fact]
    public async Task AWaitingSend_IsCancelledWithItsToken()
    {
        var limiter = new OutboundRateLimiter(_time);
        await TurnsAsync(limiter, Enumerable.Repeat("19:chat", 7));
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.WaitTurnAsync("19:chat", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    /// <summary>Reserves a turn for each send at the same moment; returns how long each waits, in order.</summary>
    private async Task<List<TimeSpan>> TurnsAsync(OutboundRateLimiter limiter, IEnumerable<string> conversations)
    {
        var waits = conversations.Select(c => limiter.WaitTurnAsync(c, CancellationToken.None)).ToList();
        for (var i = 0; i < 100 && waits.Any(w => !w.IsCompleted); i++)
            _time.Advance(TimeSpan.FromMilliseconds(100));
        var turns = new List<TimeSpan>();
        foreach (var wait in waits)
            turns.Add(await wait);
        return turns;
    }

    private async Task<TimeSpan> WaitAsync(OutboundRateLimiter limiter, string conversation)
    {
        var wait = limiter.WaitTurnAsync(conversation, CancellationToken.None);
        for (var i = 0; i < 400 && !wait.IsCompleted; i++)
            _time.Advance(TimeSpan.FromMilliseconds(100));
        return await wait;
    }

    /// <summary>No window of any limit holds more sends than it allows (sends leave at their wait after the start).</summary>
    private static void AssertUnderEveryWindow(IReadOnlyList<TimeSpan> turns, IReadOnlyList<RateWindow> windows)
    {
        var sorted = turns.OrderBy(t => t).ToList();
        foreach (var window in windows)
        {
            for (var i = 0; i < sorted.Count; i++)
            {
                var inWindow = sorted.Count(t => t >= sorted[i] && t < sorted[i] + window.Period);
                Assert.True(inWindow <= window.Limit, $"{inWindow} sends in the {window.Period} from {sorted[i]}, limit {window.Limit}");
            }
        }
    }
}
