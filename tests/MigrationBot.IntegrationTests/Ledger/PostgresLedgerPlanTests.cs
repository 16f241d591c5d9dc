using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.IntegrationTests.Fixtures;
using Npgsql;

namespace MigrationBot.IntegrationTests.Ledger;

/// <summary>
/// How PostgreSQL runs the ledger's per-message statements: by the primary key, whatever the statistics say, so a
/// commit costs the same at the 20,000th message of a folder as at the first (it scanned the folder's rows before).
/// </summary>
public sealed class PostgresLedgerPlanTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static LedgerEntry Entry(uint uid) =>
        new(uid, LedgerState.InFlight, $"m:{uid}", 100, "INBOX", null, 10, MessageFlags.Seen, "", null, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("UPDATE ledger_messages SET state=1, target_uid=5 WHERE mailbox=@m AND source_folder='INBOX' AND uidvalidity=7 AND uid=1500")]
    [InlineData("UPDATE ledger_messages SET flags=0 WHERE mailbox=@m AND source_folder='INBOX' AND uidvalidity=7 AND uid=1500")]
    [InlineData("DELETE FROM ledger_messages WHERE mailbox=@m AND source_folder='INBOX' AND uidvalidity=7 AND uid=1500")]
    public async Task AStatementOnOneMessage_IsPlannedByThePrimaryKey_BeforeAndAfterAnalyse_ForAKnownAndANewMailbox(string statement)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        await using (var ledger = await MigrationLedger.OpenPostgreSqlAsync(connectionString, TimeProvider.System, cts.Token))
        {
            await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", cts.Token);
            var entries = Enumerable.Range(1, 3000).Select(i => Entry((uint)i)).ToList();
            await mailbox.MarkInFlightAsync("INBOX", 7, entries, cts.Token);
            await mailbox.CommitAsync("INBOX", 7, [.. entries.Take(2000).Select(e => new Commit(e.Uid, e.Uid, null))], cts.Token);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cts.Token);
        foreach (var analysed in new[] { false, true })
        {
            if (analysed)
            {
                await using var analyse = new NpgsqlCommand("ANALYZE ledger_messages", connection);
                await analyse.ExecuteNonQueryAsync(cts.Token);
            }

            foreach (var who in new[] { "ann@contoso.com", "new@contoso.com" })
            {
                await using var explain = new NpgsqlCommand("EXPLAIN " + statement, connection);
                explain.Parameters.AddWithValue("m", who);
                var plan = string.Join("\n", await ReadAllAsync(explain, cts.Token));
                Assert.True(plan.Contains("ledger_messages_pkey", StringComparison.Ordinal), $"{(analysed ? "analysed" : "not analysed")}, {who}:\n{plan}");
            }
        }
    }

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            lines.Add(reader.GetString(0));
        return lines;
    }
}
