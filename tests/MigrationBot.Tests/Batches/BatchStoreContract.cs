using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Batches;

/// <summary>
/// What every <see cref="IBatchStore"/> must do, whatever the database: each implementation's test class derives
/// from this and says how to open a fresh, empty store.
/// </summary>
public abstract class BatchStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract Task<IBatchStore> OpenEmptyAsync();

    /// <summary>A batch draft whose users each have an encrypted password (any opaque text will do here).</summary>
    protected static BatchDraft Draft(string name, string createdBy, params string[] emailAddresses) => new(
        name, createdBy, new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), Approvers = ["aad-approver"] },
        "conversation-1", [.. emailAddresses.Select(a => new DraftUser(a, a.Split('@')[0], null, "protected:" + a))], "protected:admin");

    [Fact]
    public async Task Create_ThenGet_GivesTheBatchWithItsUsersQueuedAndItsCreationInTheHistory()
    {
        var store = await OpenEmptyAsync();

        var batch = await store.CreateAsync(Draft("wave2", "user:aad-1", "Ann@Contoso.com", "bob@contoso.com", "ann@contoso.com"), CancellationToken.None);

        var read = (await store.GetAsync(batch.Id, CancellationToken.None))!;
        Assert.Equal((batch.Id, "wave2", BatchState.Created, "conversation-1"), (read.Id, read.Name, read.State, read.ConversationId));
        Assert.Equal(batch.Settings.Source, read.Settings.Source);
        Assert.Equal(["aad-approver"], read.Settings.Approvers);
        Assert.Equal(["ann@contoso.com", "bob@contoso.com"], (await store.UsersAsync(batch.Id, CancellationToken.None)).Select(u => u.EmailAddress));
        Assert.All(await store.UsersAsync(batch.Id, CancellationToken.None), u => Assert.Equal(UserState.Queued, u.State));
        var created = Assert.Single(await store.HistoryAsync(batch.Id, CancellationToken.None));
        Assert.Equal(("-", "Created", "user:aad-1"), (created.From, created.To, created.Cause));
    }

    [Fact]
    public async Task Create_NameOfALiveBatchInAnotherCase_IsRefused()
    {
        var store = await OpenEmptyAsync();
        await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<BatchNameTakenException>(() => store.CreateAsync(Draft("WAVE2", "user:b"), CancellationToken.None));

        Assert.Contains("'WAVE2' already exists", refused.Message, StringComparison.Ordinal);
        Assert.Single(await store.ListLiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Create_NameOfARemovedBatch_IsAllowedAgain()
    {
        var store = await OpenEmptyAsync();
        var old = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);
        Assert.True(await store.MoveAsync(old.Id, BatchState.Created, BatchState.Removing, "user:a", CancellationToken.None));

        var again = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);

        Assert.Equal(again.Id, (await store.FindLiveAsync("Wave2", CancellationToken.None))!.Id);
        Assert.Equal([again.Id], (await store.ListLiveAsync(CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task ListLive_BatchesCreatedInTheSameMillisecond_ComeInTheOrderTheyWereCreated()
    {
        var store = await OpenEmptyAsync();
        var created = new List<Guid>();
        foreach (var name in new[] { "wave-c", "wave-a", "wave-b", "wave-0" })
            created.Add((await store.CreateAsync(Draft(name, "user:a"), CancellationToken.None)).Id);

        Assert.Equal(created, (await store.ListLiveAsync(CancellationToken.None)).Select(b => b.Id));
    }

    [Fact]
    public async Task Users_ComeInTheByteOrderOfTheirLowerCaseAddresses()
    {
        var store = await OpenEmptyAsync();

        var batch = await store.CreateAsync(Draft("wave2", "user:a", "zoe@contoso.com", "_ops@contoso.com", "Bob@contoso.com", "b.o@contoso.com", "9am@contoso.com"), CancellationToken.None);

        Assert.Equal(["9am@contoso.com", "_ops@contoso.com", "b.o@contoso.com", "bob@contoso.com", "zoe@contoso.com"],
            (await store.UsersAsync(batch.Id, CancellationToken.None)).Select(u => u.EmailAddress));
    }

    [Fact]
    public async Task Move_FromTheStateTheBatchIsIn_MovesItAndRecordsWhoCausedIt()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);
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
        var batch = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);

        var presses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.MoveAsync(batch.Id, BatchState.Created, BatchState.Stopping, $"user:{i}", CancellationToken.None))));

        Assert.Equal(1, presses.Count(p => p));
        Assert.Equal(2, (await store.HistoryAsync(batch.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Move_TheTableForbids_ThrowsAndChangesNothing()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);

        await Assert.ThrowsAsync<IllegalTransitionException>(() => store.MoveAsync(batch.Id, BatchState.Created, BatchState.Completed, "user:a", CancellationToken.None));

        Assert.Equal(BatchState.Created, (await store.GetAsync(batch.Id, CancellationToken.None))!.State);
        Assert.Single(await store.HistoryAsync(batch.Id, CancellationToken.None));
    }

    [Fact]
    public async Task MoveUser_RecordsItsReasonInTheUserAndTheHistory_AndAStaleMoveDoesNothing()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com", "bob@contoso.com"), CancellationToken.None);

        Assert.True(await store.MoveUserAsync(batch.Id, "Ann@Contoso.com", UserState.Queued, UserState.Failed, "engine", "source: authentication failed", CancellationToken.None));
        Assert.False(await store.MoveUserAsync(batch.Id, "ann@contoso.com", UserState.Queued, UserState.Syncing, "engine", null, CancellationToken.None));

        var users = await store.UsersAsync(batch.Id, CancellationToken.None);
        Assert.Equal((UserState.Failed, "source: authentication failed"), (users[0].State, users[0].Reason));
        Assert.Equal(UserState.Queued, users[1].State);
        var last = (await store.HistoryAsync(batch.Id, CancellationToken.None))[^1];
        Assert.Equal(("ann@contoso.com", "Queued", "Failed", "source: authentication failed"), (last.EmailAddress, last.From, last.To, last.Reason));
    }

    [Fact]
    public async Task RecordPass_AddsToTheUsersTotals_AndMarksTheInitialSyncDone()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);

        await store.RecordPassAsync(batch.Id, "ann@contoso.com", new PassTotals(10, 1000, 1, 0, Time.GetUtcNow(), Complete: true), CancellationToken.None);
        await store.RecordPassAsync(batch.Id, "ann@contoso.com", new PassTotals(2, 200, 1, 0, Time.GetUtcNow(), Complete: false), CancellationToken.None);

        var totals = (await store.UsersAsync(batch.Id, CancellationToken.None))[0].Totals;
        Assert.Equal((12, 1200L, 1, 2, true), (totals.Copied, totals.Bytes, totals.Skipped, totals.Passes, totals.InitialSyncDone));
    }

    [Fact]
    public async Task PurgeSecrets_LeavesNoStoredCredential()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        Assert.Equal(new StoredSecrets("protected:ann@contoso.com", "protected:admin"), await store.SecretsAsync(batch.Id, "ann@contoso.com", CancellationToken.None));

        await store.PurgeSecretsAsync(batch.Id, CancellationToken.None);

        Assert.Equal(new StoredSecrets(null, null), await store.SecretsAsync(batch.Id, "ann@contoso.com", CancellationToken.None));
    }

    [Fact]
    public async Task SetProgressActivity_IsReadBackWithTheBatch()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a"), CancellationToken.None);

        await store.SetProgressActivityAsync(batch.Id, "activity-7", CancellationToken.None);

        Assert.Equal("activity-7", (await store.GetAsync(batch.Id, CancellationToken.None))!.ProgressActivityId);
    }

    [Fact]
    public async Task Audit_RecordsAllowedAndRefusedAttempts_NewestFirst()
    {
        var store = await OpenEmptyAsync();
        await store.AuditAsync(new AuditEntry(Time.GetUtcNow(), "user:a", "start", "wave2", true, null), CancellationToken.None);
        await store.AuditAsync(new AuditEntry(Time.GetUtcNow(), "user:b", "approveCompletion", "wave2", false, "not an approver"), CancellationToken.None);

        var trail = await store.AuditTrailAsync(10, CancellationToken.None);

        Assert.Equal([("user:b", false, "not an approver"), ("user:a", true, (string?)null)], trail.Select(e => (e.Actor, e.Allowed, e.Detail)));
    }

    [Fact]
    public async Task UpdateSettings_ReplacesTheSettingsOnly()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var cutover = new DateTimeOffset(2026, 12, 20, 17, 0, 0, TimeSpan.Zero);

        await store.UpdateSettingsAsync(batch.Id, batch.Settings with { CutoverAt = cutover }, CancellationToken.None);

        var read = (await store.GetAsync(batch.Id, CancellationToken.None))!;
        Assert.Equal((cutover, "wave2", batch.State), (read.Settings.CutoverAt, read.Name, read.State));
    }

    [Fact]
    public async Task SetProgress_OnlyMovesTheStampForward_AndNullClearsIt()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var first = Time.GetUtcNow();
        async Task<DateTimeOffset?> StampAsync() => (await store.UsersAsync(batch.Id, CancellationToken.None)).Single().ProgressAt;

        await store.SetProgressAsync(batch.Id, "Ann@Contoso.com", first, CancellationToken.None);
        Assert.Equal(first, await StampAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", first.AddMinutes(-5), CancellationToken.None);
        Assert.Equal(first, await StampAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", first.AddMinutes(5), CancellationToken.None);
        Assert.Equal(first.AddMinutes(5), await StampAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", null, CancellationToken.None);
        Assert.Null(await StampAsync());
    }

    [Fact]
    public async Task MarkStallAlerted_SucceedsOncePerStamp_AndNotForAStampTheUserNoLongerHas()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var stamp = Time.GetUtcNow();
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", stamp, CancellationToken.None);

        Assert.True(await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", stamp, CancellationToken.None));
        Assert.False(await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", stamp, CancellationToken.None));
        Assert.Equal(stamp, (await store.UsersAsync(batch.Id, CancellationToken.None)).Single().StallAlertedFor);
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", stamp.AddMinutes(1), CancellationToken.None);
        Assert.False(await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", stamp, CancellationToken.None));
        Assert.True(await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", stamp.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task AdvanceProgress_MovesAnExistingStampForward_ButNeverCreatesOne()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var now = Time.GetUtcNow();
        async Task<DateTimeOffset?> StampAsync() => (await store.UsersAsync(batch.Id, CancellationToken.None)).Single().ProgressAt;

        await store.AdvanceProgressAsync(batch.Id, "ann@contoso.com", now, CancellationToken.None);
        Assert.Null(await StampAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", now, CancellationToken.None);
        await store.AdvanceProgressAsync(batch.Id, "ann@contoso.com", now.AddMinutes(-1), CancellationToken.None);
        Assert.Equal(now, await StampAsync());
        await store.AdvanceProgressAsync(batch.Id, "ann@contoso.com", now.AddMinutes(1), CancellationToken.None);
        Assert.Equal(now.AddMinutes(1), await StampAsync());
    }

    [Fact]
    public async Task PublishLive_WhileAPassHoldsASlot_IsReadBackWithTheUser_AndClearedWhenThePassEnds()
    {
        var store = await OpenEmptyAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var now = Time.GetUtcNow();
        var published = new MigrationBot.Batches.Progress.PublishedPass(new MigrationBot.Batches.Progress.LivePass("Archive/2019", 120, 400, null, now), "replica-2/42", 310.5);
        async Task<MigrationBot.Batches.Progress.PublishedPass?> LiveAsync() => (await store.UsersAsync(batch.Id, CancellationToken.None)).Single().Live;

        await store.PublishLiveAsync(batch.Id, "ann@contoso.com", published, CancellationToken.None);
        Assert.Null(await LiveAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", now, CancellationToken.None);
        await store.PublishLiveAsync(batch.Id, "Ann@Contoso.com", published, CancellationToken.None);
        Assert.Equal(published, await LiveAsync());
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", null, CancellationToken.None);
        Assert.Null(await LiveAsync());
        await store.PublishLiveAsync(batch.Id, "ann@contoso.com", published, CancellationToken.None);
        Assert.Null(await LiveAsync());
    }
}
