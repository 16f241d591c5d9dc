using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Tests.Batches;

public sealed class LifecycleTests
{
    public static TheoryData<BatchState, BatchState> IllegalBatchMoves()
    {
        var data = new TheoryData<BatchState, BatchState>();
        foreach (var from in Enum.GetValues<BatchState>())
            foreach (var to in Enum.GetValues<BatchState>().Where(to => !BatchLifecycle.Table.IsAllowed(from, to)))
                data.Add(from, to);
        return data;
    }

    public static TheoryData<UserState, UserState> IllegalUserMoves()
    {
        var data = new TheoryData<UserState, UserState>();
        foreach (var from in Enum.GetValues<UserState>())
            foreach (var to in Enum.GetValues<UserState>().Where(to => !UserLifecycle.Table.IsAllowed(from, to)))
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalBatchMoves))]
    public void BatchMove_NotInTheTable_ThrowsNamingBothStates(BatchState from, BatchState to)
    {
        var refused = Assert.Throws<IllegalTransitionException>(() => BatchLifecycle.Table.Ensure(from, to));

        Assert.Contains($"{from} cannot move to {to}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IllegalUserMoves))]
    public void UserMove_NotInTheTable_Throws(UserState from, UserState to) =>
        Assert.Throws<IllegalTransitionException>(() => UserLifecycle.Table.Ensure(from, to));

    [Fact]
    public void BatchTable_WalksAWholeWaveFromCreatedToCompletedAndRemoved()
    {
        BatchState[] wave =
        [
            BatchState.Created, BatchState.Validating, BatchState.Syncing, BatchState.Synced, BatchState.IncrementalSyncing, BatchState.Synced,
            BatchState.Completing, BatchState.Completed, BatchState.Removing,
        ];

        for (var i = 1; i < wave.Length; i++)
            BatchLifecycle.Table.Ensure(wave[i - 1], wave[i]);
    }

    [Theory]
    [InlineData(BatchState.Synced)]
    [InlineData(BatchState.SyncedWithErrors)]
    [InlineData(BatchState.IncrementalSyncing)]
    public void BatchTable_CompletionMayBeApprovedWhenSyncedOrDuringAnIncrementalRound(BatchState from) =>
        Assert.True(BatchLifecycle.Table.IsAllowed(from, BatchState.Completing));

    [Fact]
    public void BatchTable_StoppedAndFailedAreReachableFromEveryActiveStateAndResumable()
    {
        BatchState[] active = [BatchState.Validating, BatchState.Syncing, BatchState.Synced, BatchState.SyncedWithErrors, BatchState.IncrementalSyncing, BatchState.Completing];

        Assert.All(active, s => Assert.True(BatchLifecycle.Table.IsAllowed(s, BatchState.Failed)));
        Assert.All(active, s => Assert.True(BatchLifecycle.Table.IsAllowed(s, BatchState.Stopping)));
        Assert.True(BatchLifecycle.Table.IsAllowed(BatchState.Stopping, BatchState.Stopped));
        Assert.True(BatchLifecycle.Table.IsAllowed(BatchState.Stopped, BatchState.Syncing));
        Assert.True(BatchLifecycle.Table.IsAllowed(BatchState.Failed, BatchState.Syncing));
    }

    [Fact]
    public void BatchTable_RemovingIsFinalAndReachableFromEveryOtherState()
    {
        Assert.Empty(BatchLifecycle.Table.From(BatchState.Removing));
        Assert.All(Enum.GetValues<BatchState>().Where(s => s != BatchState.Removing), s => Assert.True(BatchLifecycle.Table.IsAllowed(s, BatchState.Removing)));
    }

    [Fact]
    public void Table_WithoutARowForEveryState_IsRefused()
    {
        var refused = Assert.Throws<ArgumentException>(() => new TransitionTable<UserState>(new Dictionary<UserState, UserState[]> { [UserState.Queued] = [] }));

        Assert.Contains("has no row for Validating", refused.Message, StringComparison.Ordinal);
    }
}
