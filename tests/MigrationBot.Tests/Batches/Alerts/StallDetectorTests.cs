using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>Which users count as stalled: running, holding a slot (a progress stamp), and quiet for the configured time.</summary>
public sealed class StallDetectorTests
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private static BatchUser User(string name, UserState state, DateTimeOffset? progressAt, DateTimeOffset? alertedFor = null) =>
        new(Guid.Empty, name + "@contoso.com", state, null, name, null, UserTotals.None) { ProgressAt = progressAt, StallAlertedFor = alertedFor };

    [Fact]
    public void ARunningPass_QuietForLessThanStallAfter_IsNotStalled_AndIsOnceTheClockReachesIt()
    {
        var users = new[] { User("ann", UserState.Syncing, _time.GetUtcNow()) };

        _time.Advance(StallAfter - TimeSpan.FromSeconds(1));
        Assert.Empty(StallDetector.Find(users, _time.GetUtcNow(), StallAfter));
        _time.Advance(TimeSpan.FromSeconds(1));
        var stall = Assert.Single(StallDetector.Find(users, _time.GetUtcNow(), StallAfter));

        Assert.Equal(("ann@contoso.com", users[0].ProgressAt!.Value, false), (stall.EmailAddress, stall.Since, stall.AlreadyAlerted));
    }

    [Theory]
    [InlineData(UserState.Syncing)]
    [InlineData(UserState.IncrementalSyncing)]
    [InlineData(UserState.Completing)]
    public void EachRunningState_CanStall(UserState state)
    {
        var users = new[] { User("ann", state, _time.GetUtcNow()) };
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Single(StallDetector.Find(users, _time.GetUtcNow(), StallAfter));
    }

    [Theory]
    [InlineData(UserState.Queued)]
    [InlineData(UserState.Synced)]
    [InlineData(UserState.Failed)]
    [InlineData(UserState.Completed)]
    [InlineData(UserState.Skipped)]
    public void AUserNotRunning_IsNeverStalled_WhateverItsOldStamp(UserState state)
    {
        var users = new[] { User("ann", state, _time.GetUtcNow()) };
        _time.Advance(TimeSpan.FromHours(5));

        Assert.Empty(StallDetector.Find(users, _time.GetUtcNow(), StallAfter));
    }

    [Fact]
    public void ARunningUserWaitingForASlot_HasNoStamp_AndIsNotStalled()
    {
        var users = new[] { User("ann", UserState.Syncing, progressAt: null) };
        _time.Advance(TimeSpan.FromHours(5));

        Assert.Empty(StallDetector.Find(users, _time.GetUtcNow(), StallAfter));
    }

    [Fact]
    public void AStallAlreadyAlerted_IsFoundAsAlreadyAlerted_AndOneWithANewerStampIsANewStall()
    {
        var before = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(10));
        var later = _time.GetUtcNow();
        var users = new[]
        {
            User("ann", UserState.Syncing, before, alertedFor: before),
            User("bob", UserState.Syncing, later, alertedFor: before),
        };
        _time.Advance(TimeSpan.FromHours(1));

        var stalls = StallDetector.Find(users, _time.GetUtcNow(), StallAfter);

        Assert.Equal([("ann@contoso.com", true), ("bob@contoso.com", false)], stalls.Select(s => (s.EmailAddress, s.AlreadyAlerted)));
    }
}
