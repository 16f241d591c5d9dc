using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Security;
using MigrationBot.Tests.Hosting;
using Npgsql;
using Quartz;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>
/// <c>Store:Provider = PostgreSql</c> puts Quartz's jobs in PostgreSQL's <c>qrtz_</c> tables, clustered: replicas on one
/// database share the jobs, a trigger fires on one of them, and one that stops leaves its jobs to the others. Each test
/// has a database of its own.
/// </summary>
public sealed class ClusteredSchedulerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Host_OnPostgreSql_KeepsItsQuartzJobsInPostgreSql_AndNoQrtzTablesInTheSqliteFile()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var database = await CreateDatabaseAsync(cts.Token);
        var logs = new CapturedLogs();
        await using var host = await StartAsync(database, logs, cts.Token);

        var scheduler = await host.Bot.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cts.Token);
        await scheduler.AddJob(JobBuilder.Create<CountingJob>().WithIdentity("stored", "scale-tests").StoreDurably().Build(), new AddJobOptions { Replace = true }, cts.Token);

        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM qrtz_job_details WHERE job_name = 'stored' AND job_group = 'scale-tests'", cts.Token));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = '{host.InstanceId}'", cts.Token));
        // The SQLite file is made only by what still lives there (conversations, the ledger), so it may not exist yet.
        var sqlitePath = host.Bot.Services.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath!;
        if (File.Exists(sqlitePath))
        {
            await using var sqlite = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=false");
            await sqlite.OpenAsync(cts.Token);
            await using var tables = sqlite.CreateCommand();
            tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND lower(name) LIKE 'qrtz%'";
            Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync(cts.Token))!);
        }

        SecretScan.AssertNotInLogs(logs.Lines, fixture.Server.Password, "the PostgreSQL password");
    }

    [Fact]
    public async Task TwoHosts_OnOnePostgreSql_StartClusteredWithDistinctInstanceIds_AndEachJobFiresExactlyOnceAcrossBoth()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var database = await CreateDatabaseAsync(cts.Token);
        var logs = new CapturedLogs();
        await using var first = await StartAsync(database, logs, cts.Token);
        await using var second = await StartAsync(database, logs, cts.Token);

        Assert.NotEqual(first.InstanceId, second.InstanceId);
        Assert.All(new[] { first, second }, node => Assert.Contains("clustered: True", node.StartedLine, StringComparison.Ordinal));
        var scheduler = await first.Bot.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cts.Token);
        var names = Enumerable.Range(1, 10).Select(i => $"once-{i}").ToList();
        foreach (var name in names)
        {
            var job = CountingJob.Build(name);
            await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).StartNow().Build(), new ScheduleJobOptions(), cts.Token);
        }

        await WaitForFiringsAsync(database, names.Count, cts.Token);
        // Long enough for a second node to fire a trigger again, were it not claimed in the shared store.
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);

        var firings = await FiringsAsync(database, cts.Token);
        Assert.Equal(names.Order(), firings.Select(f => f.Job).Order());
        string[] nodes = [first.InstanceId, second.InstanceId];
        Assert.All(firings, f => Assert.Contains(f.Instance, nodes));
        SecretScan.AssertNotInLogs(logs.Lines, fixture.Server.Password, "the PostgreSQL password");
    }

    [Fact]
    public async Task JobScheduledThroughAHost_ThatThenStops_FiresOnceOnTheOtherHost()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var database = await CreateDatabaseAsync(cts.Token);
        var logs = new CapturedLogs();
        await using var survivor = await StartAsync(database, logs, cts.Token);
        var leaving = await StartAsync(database, logs, cts.Token);
        try
        {
            var scheduler = await leaving.Bot.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cts.Token);
            var job = CountingJob.Build("after-stop");
            await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).StartAt(DateTimeOffset.UtcNow.AddSeconds(4)).Build(), new ScheduleJobOptions(), cts.Token);
        }
        finally
        {
            await leaving.DisposeAsync();
        }

        await WaitForFiringsAsync(database, 1, cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);

        var firing = Assert.Single(await FiringsAsync(database, cts.Token));
        Assert.Equal(("after-stop", survivor.InstanceId), (firing.Job, firing.Instance));
    }

    private async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await fixture.Server.CreateDatabaseAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand(CountingJob.CreateTable, connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return database;
    }

    private static async Task<ClusterNode> StartAsync(string database, CapturedLogs logs, CancellationToken cancellationToken)
    {
        var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
        }, logs.Attach(), cancellationToken);
        try
        {
            // The scheduler starts in the background once its store answers; wait for it as /readyz's callers would.
            var scheduler = await bot.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            var metadata = await scheduler.GetMetadata(cancellationToken);
            while (metadata.RunningSince is null)
            {
                await Task.Delay(100, cancellationToken);
                metadata = await scheduler.GetMetadata(cancellationToken);
            }

            Assert.True(metadata.JobStoreClustered);
            // The start-up line follows the start: it names the node and says it is clustered.
            string? started;
            while ((started = logs.Lines.FirstOrDefault(l => l.Contains("[5008] Scheduler " + metadata.SchedulerInstanceId + " started", StringComparison.Ordinal))) is null)
                await Task.Delay(100, cancellationToken);
            return new ClusterNode(bot, metadata.SchedulerInstanceId, started);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitForFiringsAsync(string database, int count, CancellationToken cancellationToken)
    {
        while (await ScalarAsync(database, $"SELECT count(*) FROM {CountingJob.Table}", cancellationToken) < count)
            await Task.Delay(200, cancellationToken);
    }

    private static async Task<List<(string Job, string Instance)>> FiringsAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT job_name, instance_id FROM {CountingJob.Table}", connection);
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        var firings = new List<(string, string)>();
        while (await rows.ReadAsync(cancellationToken))
            firings.Add((rows.GetString(0), rows.GetString(1)));
        return firings;
    }

    private static async Task<long> ScalarAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record ClusterNode(InProcessBot Bot, string InstanceId, string StartedLine) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Bot.DisposeAsync();
    }
}
