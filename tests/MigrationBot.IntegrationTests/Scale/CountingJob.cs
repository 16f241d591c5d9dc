using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using Npgsql;
using Quartz;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>A test job that records each of its firings, and the node that ran it, in the host's own PostgreSQL database.</summary>
[DisallowConcurrentExecution]
public sealed class CountingJob(IOptions<StoreOptions> store) : IJob
{
    public const string Table = "test_firings";

    public const string CreateTable = $"CREATE TABLE {Table} (job_name text NOT NULL, instance_id text NOT NULL, fired_at timestamptz NOT NULL DEFAULT now())";

    public static IJobDetail Build(string name) => JobBuilder.Create<CountingJob>().WithIdentity(name, "scale-tests").Build();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(store.Value.PostgreSqlConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (job_name, instance_id) VALUES (@job, @instance)", connection);
        insert.Parameters.AddWithValue("job", context.JobDetail.Key.Name);
        insert.Parameters.AddWithValue("instance", await context.Scheduler.GetSchedulerInstanceId(cancellationToken));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
