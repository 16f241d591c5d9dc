using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Fixtures;
using Npgsql;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>
/// Two host processes clustered on one PostgreSQL, each with its own SQLite file (its ledger): one is killed with SIGKILL
/// in the middle of a batch's initial sync, and the other takes over its mailbox jobs once its check-in is overdue.
/// </summary>
/// <remarks>
/// The taken-over mailboxes need the credentials the other replica protected, so the Data Protection keys are shared
/// in PostgreSQL too (with them in each replica's SQLite file, every taken-over mailbox failed: "The stored credential
/// can't be decrypted"). The ledger is still each replica's own: the survivor starts a taken-over mailbox with an empty
/// ledger and still ends it identical, nothing duplicated.
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
        var (firstDirectory, firstLedger) = HostDirectory(pair, "first");
        var (secondDirectory, secondLedger) = HostDirectory(pair, "second");
        var total = corpus.Users * corpus.MessagesPerUser;
        await using var store = await PostgresBatchStore.OpenAsync(connectionString, TimeProvider.System, cts.Token);

        await using var first = await HostProcess.StartAsync(firstDirectory, settings, cts.Token);
        await using var second = await HostProcess.StartAsync(secondDirectory, settings, cts.Token);
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
        var atKill = await firstLedger.CommittedAsync(cts.Token) + await secondLedger.CommittedAsync(cts.Token);
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
                Assert.Fail($"not synced 120 s after the kill: {batch.State}; {users}; the ledgers have {await firstLedger.CommittedAsync(cts.Token)} and {await secondLedger.CommittedAsync(cts.Token)}\n{Tail(survivor.Output)}");
                throw;
            }
        }

        var outcome = string.Join("; ", (await store.UsersAsync(synced.Id, cts.Token)).Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"));
        Assert.True(synced.State == BatchState.Synced, $"{synced.State}: {outcome}\n{Tail(survivor.Output)}");
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        // The credentials' keys are the shared ones, so the survivor could read what the killed replica protected.
        await using (var postgres = new NpgsqlConnection(connectionString))
        {
            await postgres.OpenAsync(cts.Token);
            await using var keys = new NpgsqlCommand("SELECT count(*) FROM dataprotection_keys", postgres);
            Assert.True((long)(await keys.ExecuteScalarAsync(cts.Token))! >= 1);
        }

    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    private static (string Directory, Ledger Ledger) HostDirectory(MigrationPair pair, string name)
    {
        var directory = Path.Combine(pair.Directory, name);
        Directory.CreateDirectory(directory);
        return (directory, new Ledger(Path.Combine(directory, "migrationbot.db")));
    }

    /// <summary>A replica's ledger, read from outside; its SQLite file is made when the replica first copies.</summary>
    private sealed class Ledger(string path)
    {
        private readonly BatchDatabase _database = new(path);

        public async Task<long> CommittedAsync(CancellationToken cancellationToken) =>
            File.Exists(path) ? await _database.CommittedAsync(cancellationToken) : 0;
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
