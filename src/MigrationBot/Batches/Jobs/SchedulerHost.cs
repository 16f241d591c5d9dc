using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Runs;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>
/// Starts Quartz once its store answers, retrying every <see cref="RetryEvery"/> while the database cannot be opened
/// (the host is up meanwhile and /readyz says what is wrong); then picks up unfinished batches. On stop, running
/// syncs are interrupted at a safe point and Quartz hands them back for recovery at the next start.
/// </summary>
public sealed class SchedulerHost(ISchedulerFactory schedulers, BatchRecovery recovery, TimeProvider time, ILogger<SchedulerHost> logger) : BackgroundService
{
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var scheduler = await schedulers.GetScheduler(stoppingToken);
                await scheduler.Start(stoppingToken);
                _scheduler = scheduler;
                var metadata = await scheduler.GetMetadata(stoppingToken);
                Log.SchedulerStarted(logger, metadata.SchedulerInstanceId, metadata.JobStoreTypeName.Split(',')[0], metadata.JobStoreClustered);
                await recovery.RunAsync(stoppingToken);
                return;
            }
            catch (SchedulerException ex)
            {
                Log.SchedulerNotStarted(logger, RetryEvery.TotalSeconds, ex.Message);
                await Task.Delay(RetryEvery, time, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }
}
