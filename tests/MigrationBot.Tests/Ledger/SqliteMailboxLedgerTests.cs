using MigrationBot.Engine.Ledger;

namespace MigrationBot.Tests.Ledger;

/// <summary>The ledger's contract in a SQLite file, and what only a file has: ledgers written by earlier versions.</summary>
public sealed class SqliteMailboxLedgerTests : MailboxLedgerContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ledger-test-").FullName;

    private string PathToLedger => Path.Combine(_directory, "ledger.db");

    protected override Task<MigrationLedger> OpenLedgerAsync() => MigrationLedger.OpenAsync(PathToLedger, CancellationToken.None);

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

        await using var ledger = await OpenLedgerAsync();
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        var entry = (await mailbox.LoadEntriesAsync("INBOX", 7, CancellationToken.None))[1];
        Assert.Equal(101u, entry.TargetUid);
        Assert.Equal(DateTimeOffset.UnixEpoch, entry.InternalDate);
        Assert.Equal(0u, (await mailbox.GetFolderStateAsync("INBOX", CancellationToken.None))!.TargetUidValidity);
    }

    protected override ValueTask DisposeDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
