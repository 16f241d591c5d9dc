using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.IntegrationTests.Fixtures;

namespace MigrationBot.IntegrationTests.Ledger;

/// <summary>
/// The ledger's PostgreSQL stopped while a pass holds a mailbox (a restart, a failover): its writes wait and go on once
/// the server is back, on a new connection, nothing lost and nothing recorded twice; a ledger that stays away past its
/// tolerance fails the write with the database's own words.
/// </summary>
public sealed class PostgresLedgerOutageTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static LedgerEntry Entry(uint uid) =>
        new(uid, LedgerState.InFlight, $"m:{uid}", 100, "INBOX", null, 10, MessageFlags.Seen, "", null, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task PostgresStoppedFor30sDuringAPass_ItsLedgerWritesWaitAndLandOnceItIsBack()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        await using var ledger = await MigrationLedger.OpenPostgreSqlAsync(connectionString, TimeProvider.System, cts.Token);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", cts.Token);
        await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1), Entry(2)], cts.Token);

        await fixture.Server.StopServerAsync();
        var commit = mailbox.CommitAsync("INBOX", 7, [new Commit(1, 101, null), new Commit(2, 102, null)], cts.Token);
        var more = Task.Run(async () =>
        {
            await commit;
            await mailbox.MarkInFlightAsync("INBOX", 7, [Entry(3)], cts.Token);
        }, cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(30), cts.Token);
        Assert.False(commit.IsCompleted, $"the commit did not wait for the database: {commit.Status} {commit.Exception?.GetBaseException().Message}");
        await fixture.Server.StartAgainAsync(cts.Token);
        await more;

        var entries = await mailbox.LoadEntriesAsync("INBOX", 7, cts.Token);
        Assert.Equal([1u, 2u, 3u], entries.Keys.Order());
        Assert.Equal(2, await mailbox.CountCommittedAsync("INBOX", 7, cts.Token));
        Assert.Equal(102u, entries[2].TargetUid);
    }

    [Fact]
    public async Task PostgresAwayLongerThanTheTolerance_TheWriteWaitsThatLongThenFailsWithTheDatabasesError()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        await using var ledger = await MigrationLedger.OpenPostgreSqlAsync(connectionString, TimeProvider.System, cts.Token);
        await using var mailbox = await ledger.ForMailboxAsync("ann@contoso.com", cts.Token);
        ledger.Outages.GiveUpAfter = TimeSpan.FromSeconds(5);

        await fixture.Server.StopServerAsync();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => mailbox.MarkInFlightAsync("INBOX", 7, [Entry(1)], cts.Token));
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        }
        finally
        {
            await fixture.Server.StartAgainAsync(cts.Token);
        }
    }
}
