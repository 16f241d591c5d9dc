using System.Globalization;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using Quartz;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// Every <see cref="AlertOptions.ReportEvery"/> from a batch's start, while it runs: the report card. A trigger in the
/// batch's group, in the store: it survives a restart (a report missed while the host was down is posted once at the
/// next start), pauses with the batch and is deleted when the batch completes or is removed. The totals at the last
/// report are kept in the job's data, to tell what the last period copied.
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
public sealed class DailyReportJob(IBatchStore store, BatchScheduler scheduler, BatchPosts posts, TimeProvider time, ILogger<DailyReportJob> logger) : IJob
{
    public const string ReportedAtKey = "reportedAt";
    public const string CopiedKey = "copied";
    public const string BytesKey = "bytes";

    public static JobKey KeyFor(Guid batchId) => new("daily-report", BatchJobKeys.Group(batchId));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(BatchJobKeys.BatchId(context), cancellationToken);
        if (batch is null || batch.State is BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing)
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }

        // Stopped or failed: nothing runs, so there is nothing to report until it is resumed.
        if (batch.State is not (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Completing))
            return;
        var map = context.JobDetail.JobDataMap;
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var now = time.GetUtcNow();
        var last = DateTimeOffset.Parse(map.GetString(ReportedAtKey)!, CultureInfo.InvariantCulture);
        var copied = users.Sum(u => (long)u.Totals.Copied);
        var bytes = users.Sum(u => u.Totals.Bytes);
        var report = new DailyReport(now - last, copied - Number(map, CopiedKey), bytes - Number(map, BytesKey), await scheduler.NextSyncAsync(batch.Id, cancellationToken), now);
        await posts.PostAsync(batch, DailyReportCard.Build(batch, users, report), cancellationToken);
        map[ReportedAtKey] = now.ToString("O", CultureInfo.InvariantCulture);
        map[CopiedKey] = copied.ToString(CultureInfo.InvariantCulture);
        map[BytesKey] = bytes.ToString(CultureInfo.InvariantCulture);
        Log.DailyReportPosted(logger, batch.Name, report.CopiedInPeriod);
    }

    /// <summary>The first report <paramref name="every"/> after <paramref name="startedAt"/>, then every <paramref name="every"/>; an existing schedule is kept unless <paramref name="replace"/>.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, Batch batch, TimeSpan every, DateTimeOffset startedAt, bool replace, CancellationToken cancellationToken)
    {
        if (!replace && await scheduler.Exists(KeyFor(batch.Id), cancellationToken))
            return;
        var job = JobBuilder.Create<DailyReportJob>()
            .WithIdentity(KeyFor(batch.Id))
            .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
            .UsingJobData(ReportedAtKey, startedAt.ToString("O", CultureInfo.InvariantCulture))
            .UsingJobData(CopiedKey, "0")
            .UsingJobData(BytesKey, "0")
            .StoreDurably()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey("daily-report", BatchJobKeys.Group(batch.Id)))
            .ForJob(job)
            .StartAt(startedAt + every)
            .WithSimpleSchedule(s => s.WithInterval(every).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private static long Number(JobDataMap map, string key) =>
        long.TryParse(map.GetString(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
