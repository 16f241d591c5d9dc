using Microsoft.Extensions.Time.Testing;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class HostGovernorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Acquire_UpToTheLimit_IsImmediateAndTheNextWaitsForASlot()
    {
        var governor = new HostGovernor(_time, ceiling: 2);
        using var first = await governor.AcquireAsync("outlook.office365.com", null, CancellationToken.None);
        var second = await governor.AcquireAsync("outlook.office365.com", null, CancellationToken.None);
        var said = new List<string>();

        var third = governor.AcquireAsync("outlook.office365.com", said.Add, CancellationToken.None);
        Assert.False(third.IsCompleted);
        second.Dispose();

        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Contains("waiting for a slot", Assert.Single(said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_HalvesTheLimitAndHoldsNewPassesUntilTheBackoffEnds_SayingUntilWhen()
    {
        var governor = new HostGovernor(_time, ceiling: 8);
        governor.Throttled("outlook.office365.com", TimeSpan.FromMinutes(5));
        var said = new List<string>();

        var held = governor.AcquireAsync("outlook.office365.com", said.Add, CancellationToken.None);

        Assert.Equal(4, governor.LimitFor("outlook.office365.com"));
        Assert.Equal(_time.GetUtcNow().AddMinutes(5), governor.ThrottledUntil("outlook.office365.com"));
        Assert.Contains("waiting until 09:05:00 UTC", Assert.Single(said), StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(20);
        Assert.False(held.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        (await held.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task OtherHosts_AreNotHeldByOnesThrottle()
    {
        var governor = new HostGovernor(_time, ceiling: 4);
        governor.Throttled("outlook.office365.com", TimeSpan.FromMinutes(5));

        using var other = await governor.AcquireAsync("imap.example.com", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(4, governor.LimitFor("imap.example.com"));
    }

    [Fact]
    public void Clean_AfterThrottles_RaisesTheLimitOneAtATimeUpToTheCeiling()
    {
        var governor = new HostGovernor(_time, ceiling: 4);
        governor.Throttled("h", TimeSpan.Zero);
        governor.Throttled("h", TimeSpan.Zero);
        governor.Throttled("h", TimeSpan.Zero);
        Assert.Equal(1, governor.LimitFor("h"));

        governor.Clean("h");
        Assert.Equal(2, governor.LimitFor("h"));
        for (var i = 0; i < 5; i++)
            governor.Clean("h");
        Assert.Equal(4, governor.LimitFor("h"));
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_ThrowsAndTakesNoSlot()
    {
        var governor = new HostGovernor(_time, ceiling: 1);
        var taken = await governor.AcquireAsync("h", null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = governor.AcquireAsync("h", null, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        taken.Dispose();
        (await governor.AcquireAsync("h", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public void ThrottleCounts_AreEveryBusyRefusalPerHost_AndLeaveOutHostsNeverThrottled()
    {
        var governor = new HostGovernor(_time, ceiling: 4);
        governor.Clean("quiet.example.com");
        governor.Throttled("outlook.office365.com", TimeSpan.FromSeconds(10));
        governor.Throttled("outlook.office365.com", TimeSpan.FromSeconds(10));

        var counts = governor.ThrottleCounts();

        Assert.Equal(KeyValuePair.Create("outlook.office365.com", 2L), Assert.Single(counts));
    }
}
