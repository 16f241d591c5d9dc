using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Fixtures;
using Npgsql;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>
/// Two host processes on one PostgreSQL run one batch whose form says "2 mailboxes at once": at no moment do the two
/// replicas together run more than 2 passes (each replica alone would allow 2), and the batch ends Synced, identical.
/// </summary>
public sealed class ClusteredConcurrencyTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ABatchOfTwoMailboxesAtOnce_RunByTwoReplicas_NeverHasMoreThanTwoPassesRunningAcrossBoth()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var corpus = new CorpusOptions { Seed = 31, Users = 8, MessagesPerUser = 400, MinSize = 1024, TypicalMaxSize = 8 * 1024 };
        var users = Enumerable.Range(1, corpus.Users).Select(corpus.UserName).ToList();
        await using var pair = await MigrationPair.StartAsync(users, cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        var connectionString = await fixture.Server.CreateDatabaseAsync(cts.Token);
        var settings = new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = connectionString,
            ["Batches:ClusterCheckinSeconds"] = "1",
            ["Batches:ClusterCheckinMisfireSeconds"] = "3",
            // Three jobs at once per replica: the eight mailbox jobs fired at the start are shared by both replicas, each
            // of which would run two passes of them if the batch's limit were only its own.
            ["Batches:SchedulerThreads"] = "3",
            // Each pass's end is logged, so each replica's output says which mailboxes it ran.
            [$"Logging:LogLevel:{PassLog.Category}"] = "Information",
        };
        await using var store = await PostgresBatchStore.OpenAsync(connectionString, TimeProvider.System, cts.Token);
        await using var first = await HostProcess.StartAsync(Directory.CreateDirectory(Path.Combine(pair.Directory, "first")).FullName, settings, cts.Token);
        await using var second = await HostProcess.StartAsync(Directory.CreateDirectory(Path.Combine(pair.Directory, "second")).FullName, settings, cts.Token);
        var form = new
        {
            batchName = "wave7",
            endpoint = "demo",
            credentials = "Dovecot",
            maxConcurrent = "2",
            csv = "EmailAddress,UserName\n" + string.Concat(users.Select(u => $"{MigrationPair.EmailOf(u)},{u}\n")),
        };

        await first.InvokeAsync("submitBatch", form, WaveSettings.Admin, cts.Token);

        // Every pass holds its mailbox's lease in the shared ledger while it runs: their number is the passes running.
        var most = 0;
        Batch? synced = null;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cts.Token);
            while (synced is null)
            {
                if (await LeaseOwnersAsync(connection, cts.Token) is { } owners)
                    most = Math.Max(most, owners.Count);

                if (await store.FindLiveAsync("wave7", cts.Token) is { State: BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed } batch)
                    synced = batch;
                await Task.Delay(25, cts.Token);
            }
        }

        var outcome = string.Join("; ", (await store.UsersAsync(synced.Id, cts.Token)).Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"));
        Assert.True(synced.State == BatchState.Synced, $"{synced.State}: {outcome}");
        Assert.InRange(most, 1, 2);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        // Both replicas ran passes (the limit is then the cluster's, not each one's): each gets triggers when it has threads free.
        // Read from each replica's own log of its passes: sampling the leases every 25 ms missed a replica's short passes
        // on a loaded machine.
        Assert.All(new[] { first, second }, replica => Assert.NotEmpty(PassLog.Read(replica.Output, "wave7")));
    }

    private static async Task<List<string>?> LeaseOwnersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('ledger_leases') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            return null;
        await using var read = new NpgsqlCommand("SELECT owner FROM ledger_leases", connection);
        var owners = new List<string>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            owners.Add(reader.GetString(0));
        return owners;
    }
}
