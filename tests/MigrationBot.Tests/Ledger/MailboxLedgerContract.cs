using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Ledger;

/// <summary>
/// What a mailbox's ledger must do, whatever its database: each provider's test class derives from this and says where
/// a fresh, empty ledger lives (and, from the second call, the same one again: "reopened").
/// </summary>
public abstract class MailboxLedgerContract : IAsyncLifetime
{
    private readonly List<MigrationLedger> _opened = [];

    /// <summary>The ledger under test: empty at the first call, the same database at every later one.</summary>
    protected abstract Task<MigrationLedger> OpenLedgerAsync();

    private async Task<MigrationLedger> OpenAsync()
    {
        var ledger = await OpenLedgerAsync();
        _opened.Add(ledger);
        return ledger;
    }

    private static LedgerEntry Entry(uint uid, string key = "m:a@b", uint marker = 10) =>
        new(uid, LedgerState.InFlight, key, 100, "INBOX", null, marker, MessageFlags.Seen, "$Label1", null, new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

    [Fact]
    public async Task MarkInFlight_ThenCommit_SurvivesReopeningTheLedger()
    {
        var ledger = await OpenAsync();
        await using (var mailbox = await ledger.ForMailboxAsync("Ann@Contoso.com", CancellationToken.None))
        {
            await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1), Entry(2)], CancellationToken.None);
            await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, "$Label1")], CancellationToken.None);
        }

        var reopened = await OpenAsync();
        await using var again = await reopened.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        var entries = await again.LoadEntriesAsync("INBOX", 7, CancellationToken.None);
        var inFlight = await again.LoadInFlightAsync("INBOX", CancellationToken.None);

        Assert.Equal(LedgerState.Committed, entries[1].State);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), entries[1].InternalDate);
        Assert.Equal(101u, entries[1].TargetUid);
        Assert.Equal("$Label1", entries[1].KeywordsNotStored);
        Assert.Equal(2u, Assert.Single(inFlight).Entry.Uid);
        Assert.Equal(new HashSet<uint> { 101 }, await again.LoadOwnedTargetUidsAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task ReplaceSkips_KeepsOnlyTheLatestPassesSkipsOfThatFolderAndMailbox()
    {
        var ledger = await OpenAsync();
        await using var ann = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await using var bob = await ledger.ForMailboxAsync("bob@contoso.com", CancellationToken.None);
        await ann.ReplaceSkipsAsync("INBOX", [new SkippedItem("INBOX", 3, 50_000_000, "too large"), new SkippedItem("INBOX", 4, 10, "old")], CancellationToken.None);
        await ann.ReplaceSkipsAsync("Sent", [new SkippedItem("Sent", 9, 10, "old")], CancellationToken.None);
        await bob.ReplaceSkipsAsync("INBOX", [new SkippedItem("INBOX", 1, 10, "old")], CancellationToken.None);

        await ann.ReplaceSkipsAsync("INBOX", [new SkippedItem("INBOX", 3, 50_000_000, "too large")], CancellationToken.None);

        Assert.Equal([new SkippedItem("INBOX", 3, 50_000_000, "too large")], await ann.LoadSkipsAsync("INBOX", CancellationToken.None));
        Assert.Single(await ann.LoadSkipsAsync("Sent", CancellationToken.None));
        Assert.Equal(1u, Assert.Single(await bob.LoadSkipsAsync("INBOX", CancellationToken.None)).Uid);
    }

    [Fact]
    public async Task ForgetInFlight_RemovesOnlyInFlightRows()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1), Entry(2)], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null)], CancellationToken.None);

        await mailbox.ForgetInFlightAsync("INBOX", 7, [1, 2], CancellationToken.None);

        var entries = await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None);
        Assert.Equal([1u], entries.Keys);
    }

    [Fact]
    public async Task Rekey_MovesMatchedEntriesToTheNewUidValidity_MarksTheOtherCommittedOnesVanishedAndDropsThoseInFlight()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1, "m:1"), Entry(2, "m:2"), Entry(3, "m:3")], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null), new Commit(2, 102, null)], CancellationToken.None);

        var vanished = await mailbox.RekeyAsync("INBOX", 9, [(7u, 2u, 50u)], CancellationToken.None);

        Assert.Equal(1, vanished);
        var left = Assert.Single(await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None));
        Assert.Equal((1u, LedgerState.Vanished, 101u), (left.Key, left.Value.State, left.Value.TargetUid));
        var moved = Assert.Single(await mailbox.LoadEntriesAsync("INBOX", 9, CancellationToken.None));
        Assert.Equal(50u, moved.Key);
        Assert.Equal(102u, moved.Value.TargetUid);
        Assert.Empty(await mailbox.LoadStaleEntriesAsync("INBOX", 9, CancellationToken.None));
        Assert.Equal([1u], (await mailbox.LoadVanishedAsync(CancellationToken.None)).Select(e => e.Entry.Uid));
    }

    [Fact]
    public async Task Mailboxes_AreKeptApart()
    {
        var ledger = await OpenAsync();
        await using var ann = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await using var bob = await ledger.ForMailboxAsync("bob@contoso.com", CancellationToken.None);
        await ann.MarkInFlightAsync("INBOX", 7, [Entry(1)], CancellationToken.None);

        Assert.Empty(await bob.LoadInFlightAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task FolderState_RoundTripsAndClears()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        var state = new FolderState("INBOX", 7, 42, 1234, 41, "k", "INBOX", 99);

        await mailbox.SaveFolderStateAsync(state, CancellationToken.None);
        Assert.Equal(state, await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None));

        await mailbox.ClearFolderStateAsync("INBOX", CancellationToken.None);
        Assert.Null(await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task Entries_WithUidsAndUidValidityAboveTheSignedRange_RoundTrip()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        var entry = Entry(uint.MaxValue, marker: uint.MaxValue - 1) with { Flags = MessageFlags.Seen | MessageFlags.Flagged | MessageFlags.Draft };

        await mailbox.MarkInFlightAsync("INBOX", uint.MaxValue, [entry], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", uint.MaxValue, [new Commit(uint.MaxValue, uint.MaxValue - 2, null)], CancellationToken.None);
        await mailbox.SaveFolderStateAsync(new FolderState("INBOX", uint.MaxValue, uint.MaxValue, ulong.MaxValue >> 1, 1, "k", "INBOX", uint.MaxValue), CancellationToken.None);

        var stored = (await mailbox.LoadEntriesAsync("INBOX", uint.MaxValue, CancellationToken.None))[uint.MaxValue];
        Assert.Equal(uint.MaxValue - 2, stored.TargetUid);
        Assert.Equal(uint.MaxValue - 1, stored.TargetMarker);
        Assert.Equal(entry.Flags, stored.Flags);
        Assert.Equal(new FolderState("INBOX", uint.MaxValue, uint.MaxValue, ulong.MaxValue >> 1, 1, "k", "INBOX", uint.MaxValue),
            await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task MarkInFlightThenCommit_OfMoreMessagesThanOneStatementBatch_RecordsEveryOne()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        var entries = Enumerable.Range(1, 1234).Select(i => Entry((uint)i, $"m:{i}")).ToList();

        await mailbox.MarkInFlightAsync("INBOX", 7, entries, CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [.. entries.Where(e => e.Uid % 2 == 0).Select(e => new Commit(e.Uid, e.Uid + 1000, null))], CancellationToken.None);

        Assert.Equal(617, await mailbox.CountCommittedAsync("INBOX", 7, CancellationToken.None));
        Assert.Equal(617, (await mailbox.LoadInFlightAsync("INBOX", CancellationToken.None)).Count);
        Assert.Equal(1234, (await mailbox.LoadEntriesAsync("INBOX", 7, 1, 1234, CancellationToken.None)).Count);
        Assert.Equal(1234u, (await mailbox.LoadOwnedTargetUidsAsync("INBOX", CancellationToken.None)).Max() - 1000);
    }

    [Fact]
    public async Task MovesAndRenames_FollowTheMessageAndTheFolder()
    {
        var ledger = await OpenAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1, "m:1"), Entry(2, "m:2")], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null), new Commit(2, 102, null)], CancellationToken.None);
        await mailbox.MarkVanishedAsync("INBOX", 7, [1], CancellationToken.None);
        var vanished = Assert.Single(await mailbox.LoadVanishedAsync(CancellationToken.None));

        await mailbox.MoveEntriesAsync("Projects", 5, "Projects", [(vanished, 9u, 33u)], CancellationToken.None);
        await mailbox.RenameFolderAsync("Projects", "Archive/Projects", "Projects", "Archive/Projects", CancellationToken.None);

        var found = Assert.Single(await mailbox.FindByContentKeysAsync(["m:1"], CancellationToken.None));
        Assert.Equal(("Archive/Projects", 5u, 9u, "Archive/Projects", 33u, LedgerState.Committed),
            (found.SourceFolder, found.UidValidity, found.Entry.Uid, found.Entry.TargetFolder, found.Entry.TargetUid!.Value, found.Entry.State));
        Assert.True(await mailbox.KnowsFolderAsync("Archive/Projects", CancellationToken.None));
        Assert.False(await mailbox.KnowsFolderAsync("Projects", CancellationToken.None));
        Assert.Equal(["Archive/Projects", "INBOX"], (await mailbox.LoadRecordedFoldersAsync(CancellationToken.None)).Order(StringComparer.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var ledger in _opened)
            await ledger.DisposeAsync();
        await DisposeDatabaseAsync();
    }

    /// <summary>Removes what the provider's ledger left behind.</summary>
    protected virtual ValueTask DisposeDatabaseAsync() => ValueTask.CompletedTask;
}
