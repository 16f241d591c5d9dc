using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Tests.Batches;

/// <summary>
/// What every <see cref="IBatchStore"/> must do, whatever the database: each implementation's test class derives
/// from this and says how to open a fresh, empty store.
/// </summary>
public abstract class BatchStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract Task<IBatchStore> OpenEmptyAsync();

    [Fact]
    public async Task Create_ThenGet_GivesTheBatchWithItsUsersQueuedAndItsCreationInTheHistory()
    {
        var store = await OpenEmptyAsync();

        var batch = await store.CreateAsync("wave2", "user:aad-1", ["Ann@Contoso.com", "bob@contoso.com", "ann@contoso.com"], CancellationToken.None);

        Assert.Equal(batch, await store.GetAsync(batch.Id, CancellationToken.None));
        Assert.Equal(BatchState.Created, batch.State);
        Assert.Equal(["ann@contoso.com", "bob@contoso.com"], (await store.UsersAsync(batch.Id, CancellationToken.None)).Select(u => u.EmailAddress));
        Assert.All(await store.UsersAsync(batch.Id, CancellationToken.None), u => Assert.Equal(UserState.Queued, u.State));
        var created = Assert.Single(await store.HistoryAsync(batch.Id, CancellationToken.None));
        Assert.Equal(("-", "Created", "user:aad-1"), (created.From, created.To, created.Cause));
    }

    [Fact]
    public async Task Create_NameOfALiveBatchInAnotherCase_IsRefused()
    {
        var store = await OpenEmptyAsync();
        await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);

        var refused = await Assert.ThrowsAsync<BatchNameTakenException>(() => store.CreateAsync("WAVE2", "user:b", [], CancellationToken.None));

        Assert.Contains("'WAVE2' already exists", refused.Message, StringComparison.Ordinal);
        Assert.Single(await store.ListLiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_NameOfARemovedBatch_IsAllowedAgain()
    {
        var store = await OpenEmptyAsync();
        var old = await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);
        Assert.True(await store.MoveAsync(old.Id, BatchState.Created, BatchState.Removing, "user:a", CancellationToken.None));

        var again = await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);

        Assert.Equal(again.Id, (await store.FindLiveAsync("Wave2", CancellationToken.None))!.Id);
        Assert.Equal([again.Id], (await store.ListLiveAsync(CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task Move_FromTheStateTheBatchIsIn_MovesItAndRecordsWhoCausedIt()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, "scheduler", CancellationToken.None));

        var moved = (await store.GetAsync(batch.Id, CancellationToken.None))!;
        Assert.Equal(BatchState.Validating, moved.State);
        Assert.Equal(Time.GetUtcNow(), moved.UpdatedAt);
        var last = (await store.HistoryAsync(batch.Id, CancellationToken.None))[^1];
        Assert.Equal(("Created", "Validating", "scheduler", Time.GetUtcNow()), (last.From, last.To, last.Cause, last.At));
    }

    [Fact]
    public async Task Move_PressedTwiceAtOnce_ActsOnce()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);

        var presses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.MoveAsync(batch.Id, BatchState.Created, BatchState.Stopping, $"user:{i}", CancellationToken.None))));

        Assert.Equal(1, presses.Count(p => p));
        Assert.Equal(2, (await store.HistoryAsync(batch.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Move_TheTableForbids_ThrowsAndChangesNothing()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync("wave2", "user:a", [], CancellationToken.None);

        await Assert.ThrowsAsync<IllegalTransitionException>(() => store.MoveAsync(batch.Id, BatchState.Created, BatchState.Completed, "user:a", CancellationToken.None));

        Assert.Equal(BatchState.Created, (await store.GetAsync(batch.Id, CancellationToken.None))!.State);
        Assert.Single(await store.HistoryAsync(batch.Id, CancellationToken.None));
    }

    [Fact]
    public async Task MoveUser_RecordsItsReasonInTheUserAndTheHistory_AndAStaleMoveDoesNothing()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync("wave2", "user:a", ["ann@contoso.com", "bob@contoso.com"], CancellationToken.None);

        Assert.True(await store.MoveUserAsync(batch.Id, "Ann@Contoso.com", UserState.Queued, UserState.Failed, "engine", "source: authentication failed", CancellationToken.None));
        Assert.False(await store.MoveUserAsync(batch.Id, "ann@contoso.com", UserState.Queued, UserState.Syncing, "engine", null, CancellationToken.None));

        var users = await store.UsersAsync(batch.Id, CancellationToken.None);
        Assert.Equal((UserState.Failed, "source: authentication failed"), (users[0].State, users[0].Reason));
        Assert.Equal(UserState.Queued, users[1].State);
        var last = (await store.HistoryAsync(batch.Id, CancellationToken.None))[^1];
        Assert.Equal(("ann@contoso.com", "Queued", "Failed", "source: authentication failed"), (last.EmailAddress, last.From, last.To, last.Reason));
    }
}
