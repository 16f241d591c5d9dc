using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Tests.Ledger;

public sealed class MailboxLedgerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ledger-test-").FullName;

    private string PathToLedger => Path.Combine(_directory, "ledger.db");

    private static LedgerEntry Entry(uint uid, string key = "m:a@b", uint marker = 10) =>
        new(uid, LedgerState.InFlight, key, 100, "INBOX", null, marker, MessageFlags.Seen, "$Label1", null, new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero));

    [Fact]
    public async Task MarkInFlight_ThenCommit_SurvivesReopeningTheFile()
    {
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using (var mailbox = await ledger.ForMailboxAsync("Ann@Contoso.com", CancellationToken.None))
        {
            await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1), Entry(2)], CancellationToken.None);
            await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, "$Label1")], CancellationToken.None);
        }

        var reopened = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
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
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
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
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1), Entry(2)], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null)], CancellationToken.None);

        await mailbox.ForgetInFlightAsync("INBOX", 7, [1, 2], CancellationToken.None);

        var entries = await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None);
        Assert.Equal([1u], entries.Keys);
    }

    [Fact]
    public async Task Rekey_MovesMatchedEntriesToTheNewUidValidityAndDropsTheRest()
    {
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1, "m:1"), Entry(2, "m:2")], CancellationToken.None);
        await mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null), new Commit(2, 102, null)], CancellationToken.None);

        await mailbox.RekeyAsync("INBOX", 9, [(7u, 2u, 50u)], CancellationToken.None);

        Assert.Empty(await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None));
        var moved = Assert.Single(await mailbox.LoadEntriesAsync("INBOX", 9, CancellationToken.None));
        Assert.Equal(50u, moved.Key);
        Assert.Equal(102u, moved.Value.TargetUid);
        Assert.Empty(await mailbox.LoadStaleEntriesAsync("INBOX", 9, CancellationToken.None));
    }

    [Fact]
    public async Task Mailboxes_AreKeptApart()
    {
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using var ann = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await using var bob = await ledger.ForMailboxAsync("bob@contoso.com", CancellationToken.None);
        await ann.MarkInFlightAsync("INBOX", 7, [Entry(1)], CancellationToken.None);

        Assert.Empty(await bob.LoadInFlightAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task FolderState_RoundTripsAndClears()
    {
        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        var state = new FolderState("INBOX", 7, 42, 1234, 41, "k", "INBOX", 99);

        await mailbox.SaveFolderStateAsync(state, CancellationToken.None);
        Assert.Equal(state, await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None));

        await mailbox.ClearFolderStateAsync("INBOX", CancellationToken.None);
        Assert.Null(await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None));
    }

    [Fact]
    public async Task Open_LedgerWrittenBeforeDatesWereRecorded_GainsTheColumnsAndKeepsItsEntries()
    {
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={PathToLedger}"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            // The first version's two tables, without target_uidvalidity and internal_date, and one committed message.
            create.CommandText = """
                CREATE TABLE ledger_folders (mailbox TEXT NOT NULL, source_folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,
                    highest_modseq INTEGER NOT NULL, message_count INTEGER NOT NULL, options_key TEXT NOT NULL, target_folder TEXT NOT NULL, PRIMARY KEY (mailbox, source_folder));
                CREATE TABLE ledger_messages (mailbox TEXT NOT NULL, source_folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL, state INTEGER NOT NULL,
                    content_key TEXT NOT NULL, size INTEGER NOT NULL, target_folder TEXT NOT NULL, target_uid INTEGER, target_marker INTEGER NOT NULL, flags INTEGER NOT NULL,
                    keywords TEXT NOT NULL, keywords_not_stored TEXT, PRIMARY KEY (mailbox, source_folder, uidvalidity, uid));
                INSERT INTO ledger_messages VALUES ('ann@contoso.com', 'INBOX', 7, 1, 1, 'm:a@b', 100, 'INBOX', 101, 10, 0, '', NULL);
                INSERT INTO ledger_folders VALUES ('ann@contoso.com', 'INBOX', 7, 2, 0, 1, 'k', 'INBOX');
                """;
            await create.ExecuteNonQueryAsync();
        }

        var ledger = await MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        var entry = (await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None))[1];
        Assert.Equal(101u, entry.TargetUid);
        Assert.Equal(DateTimeOffset.UnixEpoch, entry.InternalDate);
        Assert.Equal(0u, (await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None))!.TargetUidValidity);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
