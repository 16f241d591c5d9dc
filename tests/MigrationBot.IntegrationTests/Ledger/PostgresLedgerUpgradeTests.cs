using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Ledger.Stores;
using MigrationBot.Engine.Storage;
using MigrationBot.IntegrationTests.Fixtures;
using Npgsql;

namespace MigrationBot.IntegrationTests.Ledger;

/// <summary>A ledger database written by the previous schema version opens: it is upgraded at first use and keeps its entries.</summary>
public sealed class PostgresLedgerUpgradeTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ALedgerAtSchemaVersion1_IsUpgradedToTheLatestOnOpen_AndKeepsItsEntries()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        // The tables as version 1 wrote them, with one committed message.
        await using (var version1 = new PostgresDatabase(connectionString, "ledger", [LedgerSchema.PostgresMigrations[0]]))
        await using (var connection = await version1.OpenAsync(cts.Token))
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO ledger_messages (mailbox, source_folder, uidvalidity, uid, state, content_key, size, target_folder, target_uid, target_marker, flags, keywords, keywords_not_stored, internal_date)
                VALUES ('ann@contoso.com', 'INBOX', 7, 1, 1, 'm:a@b', 100, 'INBOX', 101, 10, 0, '', NULL, 0)
                """, connection);
            await insert.ExecuteNonQueryAsync(cts.Token);
        }

        await using var ledger = await MigrationLedger.OpenPostgreSqlAsync(connectionString, TimeProvider.System, cts.Token);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", cts.Token);

        Assert.Equal(101u, (await mailbox.LoadEntriesAsync("INBOX", 7, cts.Token))[1].TargetUid);
        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync(cts.Token);
        await using var version = new NpgsqlCommand("SELECT version FROM schema_versions WHERE area = 'ledger'", check);
        Assert.Equal(LedgerSchema.PostgresMigrations.Count, (int)(await version.ExecuteScalarAsync(cts.Token))!);
        await using var indexes = new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE tablename = 'ledger_messages' AND indexname = 'ledger_messages_inflight'", check);
        Assert.Equal(0L, (long)(await indexes.ExecuteScalarAsync(cts.Token))!);
    }
}
