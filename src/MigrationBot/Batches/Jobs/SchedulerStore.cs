using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using Npgsql;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>
/// Where Quartz keeps its jobs: the application's database, as <c>Store:Provider</c> chooses. On SQLite, one process
/// owns the file; on PostgreSQL, every replica shares the <c>qrtz_</c> tables as one cluster, so a trigger fires on one
/// replica at a time and a replica that stops checking in has its jobs taken over by the others.
/// </summary>
internal static class SchedulerStore
{
    /// <param name="checkinInterval">How often a replica records that it is alive.</param>
    /// <param name="checkinMisfireThreshold">How long past a missed check-in the others wait before recovering its jobs.</param>
    public static void Configure(IPersistentStoreBuilder store, bool postgreSql, TimeSpan checkinInterval, TimeSpan checkinMisfireThreshold)
    {
        if (postgreSql)
        {
            // The connection string is read when the scheduler starts, from the validated options; it is handed to
            // Npgsql only, never logged.
            store.UsePostgres(source => source.DataSourceFactory = sp => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(
                sp.GetRequiredService<IOptions<StoreOptions>>().Value.PostgreSqlConnectionString)
            {
                ApplicationName = "MigrationBot scheduler",
            }.ConnectionString));
            // UseClustering turns instance id generation on (quartz.scheduler.instanceId = AUTO): each replica differs.
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = checkinInterval;
                cluster.CheckinMisfireThreshold = checkinMisfireThreshold;
            });
        }
        else
        {
            // The application database, resolved when the scheduler starts (so Store:SqlitePath set late, as tests do, counts).
            store.UseSqlite(source => source.DataSourceFactory = sp => SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder
            {
                DataSource = sp.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                DefaultTimeout = 30,
            }.ToString()));
        }

        store.ConfigureStore(options =>
        {
            options.StoreJobDataAsStrings = true;
            // A sync cut off by a shutdown runs again at the next start, like one cut off by a crash.
            options.RecoverFiringsCancelledByShutdown = true;
        });
        store.UseSystemTextJsonSerializer();
        // Quartz creates its qrtz_ tables from its own script for the dialect (SQLite's or PostgreSQL's) when they are
        // missing; replicas starting together are safe (the loser of the race finds the winner's tables).
        store.ProvisionSchema();
    }
}
