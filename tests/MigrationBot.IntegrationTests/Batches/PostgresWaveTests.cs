using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using MigrationBot.Tests.Batches;
using MigrationBot.Tests.Hosting;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Security;
using MigrationBot.IntegrationTests.Servers;
using Npgsql;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>A wave in the real host with <c>Store:Provider = PostgreSql</c>: its batch lives in PostgreSQL from the form to completion.</summary>
public sealed class PostgresWaveTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";

    [Fact]
    public async Task Wave_OnPostgreSql_IsCreatedSyncedApprovedAndCompleted_WithItsBatchAndLedgerInPostgreSqlAndNoSqliteFile_AndNoLogLineHoldsItsPassword()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var database = await fixture.Server.CreateDatabaseAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 5, Users = 2, MessagesPerUser = 20 }), cts.Token);
        var logs = new CapturedLogs();
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
        }, logs.Attach(), cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        Assert.IsType<PostgresBatchStore>(store);
        using (var http = new HttpClient { BaseAddress = bot.BaseUrl })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("readyz", cts.Token)).StatusCode);

        var created = await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave3"), WaveSettings.Admin, cts.Token);

        Assert.Contains("Created wave3: 2 users", created.Value.GetRawText(), StringComparison.Ordinal);
        var synced = await WaitForAsync(store, "wave3", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
        Assert.Equal(BatchState.Synced, synced.State);
        await PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, WaveSettings.Approver, cts.Token);
        var completed = await WaitForAsync(store, "wave3", s => s is BatchState.Completed or BatchState.CompletedWithErrors, cts.Token);
        Assert.Equal(BatchState.Completed, completed.State);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        Assert.Equal(new StoredSecrets(null, null), await store.SecretsAsync(completed.Id, MigrationPair.EmailOf("user1"), cts.Token));

        // The rows are PostgreSQL's, the ledger's too; the SQLite file is never made.
        await using (var postgres = new NpgsqlConnection(database))
        {
            await postgres.OpenAsync(cts.Token);
            await using var history = new NpgsqlCommand("SELECT count(*) FROM batch_history WHERE batch_id = @id AND email_address IS NULL AND to_state = 'Completed'", postgres);
            history.Parameters.AddWithValue("id", completed.Id);
            Assert.Equal(1L, (long)(await history.ExecuteScalarAsync(cts.Token))!);
            await using var ledger = new NpgsqlCommand("SELECT count(*) FROM ledger_messages WHERE state = 1", postgres);
            Assert.Equal(40L, (long)(await ledger.ExecuteScalarAsync(cts.Token))!);
        }

        Assert.False(File.Exists(bot.Services.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath), "the SQLite file was made though every store is in PostgreSQL");

        // The store said where it is, and no line of the host's, at any level, holds the database password.
        Assert.Contains(logs.Lines, l => l.Contains("The batches tables in PostgreSQL database", StringComparison.Ordinal) && l.Contains("at schema version", StringComparison.Ordinal));
        SecretScan.AssertNotInLogs(logs.Lines, fixture.Server.Password, "the PostgreSQL password");
    }

    [Fact]
    public async Task PostgreSqlDownFor30sMidSync_ReadyzSaysSo_TheRunningPassWaitsInsteadOfFailing_AndTheWaveGoesOnToSyncedWithEveryMessageOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // A server of its own: this test stops it.
        await using var server = await PostgresServer.StartAsync(cts.Token);
        var database = await server.CreateDatabaseAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["user1", "user2", "user3"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 7, Users = 3, MessagesPerUser = 3000, TypicalMaxSize = 4 * 1024 }), cts.Token);
        var logs = new CapturedLogs();
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
            ["Endpoints:demo:MaxConcurrentMailboxes"] = "1",
        }, logs.Attach(), cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        using var http = new HttpClient { BaseAddress = bot.BaseUrl };
        await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave4"), WaveSettings.Admin, cts.Token);
        // Mid-sync: a mailbox's pass is running (its user is Syncing), past the batch's start.
        var batch = await WaitForAsync(store, "wave4", s => s == BatchState.Syncing, cts.Token);
        while (!(await store.UsersAsync(batch.Id, cts.Token)).Any(u => u.State == UserState.Syncing))
            await Task.Delay(100, cts.Token);

        await server.StopServerAsync();
        var unready = false;
        for (var i = 0; i < 50 && !unready; i++)
        {
            unready = (await http.GetAsync("readyz", cts.Token)).StatusCode == System.Net.HttpStatusCode.ServiceUnavailable;
            await Task.Delay(200, cts.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(30), cts.Token);
        await server.StartAgainAsync(cts.Token);

        Assert.True(unready, "/readyz never answered 503 while PostgreSQL was down");
        Batch synced;
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                synced = await WaitForAsync(store, "wave4", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, wait.Token);
            }
            catch (OperationCanceledException)
            {
                var users = await store.UsersAsync((await store.FindLiveAsync("wave4", cts.Token))!.Id, cts.Token);
                throw new Xunit.Sdk.XunitException("wave4 was not synced 2 min after PostgreSQL came back: " + string.Join("; ", users.Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"))
                    + "\n" + string.Join("\n", logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Length > 400 ? l[..400] : l).TakeLast(30)));
            }
        }

        Assert.Equal(BatchState.Synced, synced.State);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("readyz", cts.Token)).StatusCode);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        // The pass under way kept its mailbox (whichever of its writes met the outage, the ledger's or the store's, waited
        // for the database): no user ever failed.
        Assert.DoesNotContain(await store.HistoryAsync(synced.Id, cts.Token), c => c.EmailAddress is not null && c.To == nameof(UserState.Failed));
    }

    /// <summary>
    /// The outage comes at a chosen call of the batch store, the first one of its kind: once the move it makes is written
    /// (into Validating: before the preflight; into Syncing: before any mailbox job is scheduled), or before it is (a
    /// user's move into its first pass: the mailbox jobs have just fired, and one of them finds the database gone). Once
    /// PostgreSQL is back the start and every pass go on: no mailbox is left waiting for its next slot, a day off.
    /// </summary>
    [Theory]
    [InlineData("MoveAsync Created→Validating", true)]
    [InlineData("MoveAsync Validating→Syncing", true)]
    [InlineData("MoveUserAsync Queued→Syncing", false)]
    public async Task PostgreSqlStoppedForThirtySecondsAtACallOfTheBatchsStart_ReadyzAnswers503_AndOnceItIsBackTheBatchIsSyncedWithEveryMailboxIdentical(
        string call, bool written)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // A server of its own: this test stops it.
        await using var server = await PostgresServer.StartAsync(cts.Token);
        var database = await server.CreateDatabaseAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["user1", "user2", "user3"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 11, Users = 3, MessagesPerUser = 200, TypicalMaxSize = 4 * 1024 }), cts.Token);
        var logs = new CapturedLogs();
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
        }, builder =>
        {
            logs.Attach()(builder);
            InterceptedBatchStore.Install(builder.Services);
            // The readiness check asks the PostgreSQL store itself, not the test's wrapper around it.
            builder.Services.Configure<HealthCheckServiceOptions>(o => o.Registrations.Single(r => r.Name == "batch-store").Factory =
                sp => new BatchStoreHealthCheck(((InterceptedBatchStore)sp.GetRequiredService<IBatchStore>()).Inner));
        }, cts.Token);
        var store = (InterceptedBatchStore)bot.Services.GetRequiredService<IBatchStore>();
        // Recovery has run (on an empty database): the outage is the start's alone.
        await bot.Services.GetServices<IHostedService>().OfType<SchedulerHost>().Single().ExecuteTask!.WaitAsync(cts.Token);
        var submitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = 0;
        store.Hook = async (name, isWritten) =>
        {
            if (name == call && isWritten == written && Interlocked.Exchange(ref once, 1) == 0)
            {
                // The press is answered first (its progress card is read from the database too): the outage is the start's.
                await submitted.Task;
                await server.StopServerAsync();
                stopped.SetResult(DateTimeOffset.UtcNow);
            }
        };
        using var http = new HttpClient { BaseAddress = bot.BaseUrl };

        await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave5"), WaveSettings.Admin, cts.Token);
        submitted.SetResult();
        var stoppedAt = await stopped.Task.WaitAsync(TimeSpan.FromMinutes(1), cts.Token);
        var unready = false;
        for (var i = 0; i < 50 && !unready; i++)
        {
            unready = (await http.GetAsync("readyz", cts.Token)).StatusCode == System.Net.HttpStatusCode.ServiceUnavailable;
            await Task.Delay(200, cts.Token);
        }

        var downFor = stoppedAt + TimeSpan.FromSeconds(30) - DateTimeOffset.UtcNow;
        if (downFor > TimeSpan.Zero)
            await Task.Delay(downFor, cts.Token);
        await server.StartAgainAsync(cts.Token);

        Assert.True(unready, "/readyz never answered 503 while PostgreSQL was down");
        var synced = await WaitForSyncedAsync(store, "wave5", logs, cts.Token);
        Assert.Equal(BatchState.Synced, synced.State);
        Assert.All(await store.UsersAsync(synced.Id, cts.Token), u => Assert.Equal(UserState.Synced, u.State));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("readyz", cts.Token)).StatusCode);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        SecretScan.AssertNotInLogs(logs.Lines, server.Password, "the PostgreSQL password");
    }

    /// <summary>Waits (2 min at most) for the batch to be synced, or says where its users stand and what the host warned of.</summary>
    private static async Task<Batch> WaitForSyncedAsync(IBatchStore store, string name, CapturedLogs logs, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            return await WaitForAsync(store, name, s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var batch = (await store.FindLiveAsync(name, cancellationToken))!;
            var users = await store.UsersAsync(batch.Id, cancellationToken);
            throw new Xunit.Sdk.XunitException($"{name} was not synced 2 min after PostgreSQL came back: it is {batch.State}; "
                + string.Join("; ", users.Select(u => $"{u.EmailAddress} {u.State} {u.Reason}"))
                + "\n" + string.Join("\n", logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).Select(l => l.Length > 400 ? l[..400] : l).TakeLast(30)));
        }
    }

    private static async Task<AdaptiveCardInvokeResponse> PressAsync(InProcessBot bot, string verb, object data, string objectId, CancellationToken cancellationToken)
    {
        var press = new InboundActivity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            ChannelId = "msteams",
            From = new ChannelAccount { Id = "29:" + objectId, AadObjectId = objectId, Name = "Person " + objectId[^2..] },
            Conversation = new ConversationAccount { Id = "19:it-channel@thread.tacv2", TenantId = Tenant, ConversationType = "channel" },
            ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = Tenant } },
        };
        var answer = await bot.Services.GetRequiredService<CardActionRouter>().RouteAsync(verb, JsonSerializer.SerializeToElement(data), press, cancellationToken);
        return answer ?? throw new InvalidOperationException($"no handler for {verb}");
    }

    /// <summary>Polls the store (through an outage of its database too) until the batch reaches a state.</summary>
    private static async Task<Batch> WaitForAsync(IBatchStore store, string name, Func<BatchState, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await store.FindLiveAsync(name, cancellationToken) is { } batch && reached(batch.State))
                    return batch;
            }
            catch (System.Data.Common.DbException)
            {
                // The database is down; look again.
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
