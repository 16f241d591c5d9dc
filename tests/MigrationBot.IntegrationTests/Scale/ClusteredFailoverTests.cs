using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.IntegrationTests.Servers;
using Npgsql;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>
/// Two host processes clustered on one PostgreSQL, sharing its ledger: one is killed with SIGKILL in the middle of a
/// batch's initial sync, and the other takes over its mailbox jobs once its check-in is overdue, going on from what the
/// killed one committed.
/// </summary>
/// <remarks>
/// The taken-over mailboxes need the credentials the other replica protected, so the Data Protection keys are shared
/// in PostgreSQL too (with them in each replica's SQLite file, every taken-over mailbox failed: "The stored credential
/// can't be decrypted"). The killed replica's mailbox leases name a process of this machine that is gone, so they are
/// taken over at once (one of another machine's would be waited out, <c>HeldMailboxTests</c>).
/// </remarks>
public sealed class ClusteredFailoverTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ReplicaKilledDuringTheInitialSync_ItsMailboxesAreTakenOverByTheOther_AndTheBatchIsSynced()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var corpus = new CorpusOptions { Seed = 29, Users = 4, MessagesPerUser = 2000, MinSize = 2048, TypicalMaxSize = 32 * 1024 };
        await using var pair = await MigrationPair.StartAsync([.. Enumerable.Range(1, corpus.Users).Select(corpus.UserName)], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        var settings = new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = connectionString,
            ["Batches:ClusterCheckinSeconds"] = "1",
            ["Batches:ClusterCheckinMisfireSeconds"] = "3",
        };
        var firstDirectory = HostDirectory(pair, "first");
        var secondDirectory = HostDirectory(pair, "second");
        var ledger = new SharedLedger(connectionString);
        var total = corpus.Users * corpus.MessagesPerUser;
        await using var store = await PostgresBatchStore.OpenAsync(connectionString, TimeProvider.System, cts.Token);

        await using var connector = LoopbackConnector.Start();
        await using var first = await HostProcess.StartAsync(firstDirectory, settings, cts.Token);
        await using var second = await HostProcess.StartAsync(secondDirectory, settings, cts.Token);
        // The IT channel, through the shared store: whichever replica draws the progress card updates it there.
        await connector.InstallAsync(first.BaseUrl, WaveSettings.Admin, cts.Token);
        var firstLedger = ledger.Of(first.ProcessId);
        var secondLedger = ledger.Of(second.ProcessId);
        await first.InvokeAsync("submitBatch", WaveSettings.Form(pair, "wave4"), WaveSettings.Admin, cts.Token);
        // Which replica's scheduler runs which mailbox is Quartz's choice: the one that has copied more is killed.
        long copiedByFirst = 0, copiedBySecond = 0;
        using (var copying = CancellationTokenSource.CreateLinkedTokenSource(cts.Token))
        {
            copying.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                while ((copiedByFirst = await firstLedger.CommittedAsync(copying.Token)) + (copiedBySecond = await secondLedger.CommittedAsync(copying.Token)) < total / 10)
                    await Task.Delay(50, copying.Token);
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
                Assert.Fail($"the replicas copied {copiedByFirst} and {copiedBySecond} in 60 s\n{Tail(first.Output)}\n{Tail(second.Output)}");
            }
        }

        var (killed, survivor) = copiedByFirst >= copiedBySecond ? (first, second) : (second, first);
        await killed.KillAsync(cts.Token);
        var killedAt = DateTimeOffset.UtcNow;
        var atKill = await ledger.CommittedAsync(cts.Token);
        Assert.True(atKill < total, $"the sync finished ({atKill} of {total}) before the replica was killed: the test did not test a crash");

        Batch synced;
        using (var takeover = CancellationTokenSource.CreateLinkedTokenSource(cts.Token))
        {
            takeover.CancelAfter(TimeSpan.FromSeconds(120));
            try
            {
                synced = await WaitForAsync(store, "wave4", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, takeover.Token);
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
                var batch = (await store.FindLiveAsync("wave4", cts.Token))!;
                var users = string.Join(", ", (await store.UsersAsync(batch.Id, cts.Token)).Select(u => $"{u.EmailAddress} {u.State}"));
                Assert.Fail($"not synced 120 s after the kill: {batch.State}; {users}; the ledger has {await ledger.CommittedAsync(cts.Token)}\n{Tail(survivor.Output)}");
                throw;
            }
        }

        var outcome = string.Join("; ", (await store.UsersAsync(synced.Id, cts.Token)).Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"));
        Assert.True(synced.State == BatchState.Synced, $"{synced.State}: {outcome}\n{Tail(survivor.Output)}");
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        // The card went on being updated after the kill, by the survivor, up to every user synced.
        var afterKill = connector.Updates.Where(u => u.At > killedAt).ToList();
        Assert.NotEmpty(afterKill);
        var everyoneSynced = $"{corpus.Users} of {corpus.Users} synced";
        var lastCard = await LastCardAsync(connector, everyoneSynced, cts.Token);
        Assert.Contains(everyoneSynced, lastCard, StringComparison.Ordinal);
        // The credentials' keys are the shared ones, so the survivor could read what the killed replica protected.
        await using (var postgres = new NpgsqlConnection(connectionString))
        {
            await postgres.OpenAsync(cts.Token);
            await using var keys = new NpgsqlCommand("SELECT count(*) FROM dataprotection_keys", postgres);
            Assert.True((long)(await keys.ExecuteScalarAsync(cts.Token))! >= 1);
        }

    }

    /// <summary>The last progress card sent, once it says <paramref name="expected"/> or 10 s have passed (a card is redrawn at most every 3 s).</summary>
    private static async Task<string> LastCardAsync(LoopbackConnector connector, string expected, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 50; i++)
        {
            if (connector.Updates.LastOrDefault().Body is { } body && body.Contains(expected, StringComparison.Ordinal))
                return body;
            await Task.Delay(200, cancellationToken);
        }

        return connector.Updates.LastOrDefault().Body ?? "(no update)";
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    private static string HostDirectory(MigrationPair pair, string name)
    {
        var directory = Path.Combine(pair.Directory, name);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The replicas' one ledger in PostgreSQL, read from outside (its tables are made when a replica first copies).</summary>
    private sealed class SharedLedger(string connectionString)
    {
        /// <summary>Messages committed in every mailbox.</summary>
        public Task<long> CommittedAsync(CancellationToken cancellationToken) =>
            CountAsync("SELECT count(*) FROM ledger_messages WHERE state = 1", null, cancellationToken);

        /// <summary>What one replica has copied so far: the committed messages of the mailboxes its passes hold now.</summary>
        public Replica Of(int processId) => new(this, processId);

        public async Task<long> CountAsync(string sql, string? owner, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('ledger_leases') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                return 0;
            await using var count = new NpgsqlCommand(sql, connection);
            if (owner is not null)
                count.Parameters.AddWithValue("owner", owner);
            return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        public sealed class Replica(SharedLedger ledger, int processId)
        {
            public Task<long> CommittedAsync(CancellationToken cancellationToken) => ledger.CountAsync(
                "SELECT count(*) FROM ledger_messages m JOIN ledger_leases l ON l.mailbox = m.mailbox WHERE m.state = 1 AND l.owner LIKE @owner",
                $"%/{processId}/%", cancellationToken);
        }
    }

    private static async Task<Batch> WaitForAsync(IBatchStore store, string name, Func<BatchState, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.FindLiveAsync(name, cancellationToken) is { } batch && reached(batch.State))
                return batch;
            await Task.Delay(200, cancellationToken);
        }
    }
}
