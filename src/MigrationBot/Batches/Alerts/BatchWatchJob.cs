using System.Globalization;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using Quartz;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Every <see cref="AlertOptions.CheckEvery"/> while a batch runs: looks for stalls and long throttling. In the batch's
/// group, so pausing the batch pauses it and completing or removing it deletes it. The throttling episode already told
/// of is kept in the job's data (in the store), so a restart does not tell it again.
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
public sealed class BatchWatchJob(IBatchStore store, BatchWatch watch) : IJob
{
    public const string ThrottleAlertedKey = "throttleAlertedFor";

    public static JobKey KeyFor(Guid batchId) => new("watch", BatchJobKeys.Group(batchId));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(BatchJobKeys.BatchId(context), cancellationToken);
        if (batch is null || batch.State is BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing)
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }

        if (batch.State is not (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Completing))
            return;
        await watch.CheckStallsAsync(batch, cancellationToken);
        var map = context.JobDetail.JobDataMap;
        DateTimeOffset? alerted = map.GetString(ThrottleAlertedKey) is { Length: > 0 } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
        if (await watch.CheckThrottleAsync(batch, alerted, cancellationToken) is { } told && told != alerted)
            map[ThrottleAlertedKey] = told.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>Looks at the batch every <paramref name="every"/> from now on; kept as it is when it already exists, unless <paramref name="replace"/>.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, Batch batch, TimeSpan every, DateTimeOffset now, bool replace, CancellationToken cancellationToken)
    {
        if (!replace && await scheduler.Exists(KeyFor(batch.Id), cancellationToken))
            return;
        var job = JobBuilder.Create<BatchWatchJob>()
            .WithIdentity(KeyFor(batch.Id))
            .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
            .StoreDurably()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey("watch", BatchJobKeys.Group(batch.Id)))
            .ForJob(job)
            .StartAt(now + every)
            .WithSimpleSchedule(s => s.WithInterval(every).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}
