using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Dns;
using Quartz;

namespace MigrationBot.Batches.FollowUp;

/// <summary>
/// After a batch completes: checks its target domains' MX records every <see cref="RecheckEvery"/> until they all point
/// to Exchange Online, then, <see cref="RemoveAfter"/> later, posts the reminder to remove the batch (Exchange's advice:
/// delete the batch 72 h after the MX switch) and ends. Its own group, so deleting the batch's jobs leaves it alone.
/// </summary>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
public sealed class MxFollowUpJob(IBatchStore store, MxCheck mx, BatchPosts posts, TimeProvider time, ILogger<MxFollowUpJob> logger) : IJob
{
    public const string Group = "follow-up";
    public const string SwitchedAtKey = "switchedAt";
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromHours(24);
    public static readonly TimeSpan RemoveAfter = TimeSpan.FromHours(72);

    public static JobKey KeyFor(Guid batchId) => new($"mx-{batchId:D}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(BatchJobKeys.BatchId(context), cancellationToken);
        if (batch is null || batch.State is not (BatchState.Completed or BatchState.CompletedWithErrors))
        {
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        if (context.JobDetail.JobDataMap.GetString(SwitchedAtKey) is { } switched && DateTimeOffset.Parse(switched, System.Globalization.CultureInfo.InvariantCulture) + RemoveAfter <= now)
        {
            await posts.PostAsync(batch, MxFollowUpCard.RemoveReminder(batch), cancellationToken);
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);
            return;
        }

        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var domains = new List<MxResult>();
        foreach (var domain in users.Select(u => u.EmailAddress[(u.EmailAddress.LastIndexOf('@') + 1)..]).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
            domains.Add(await mx.CheckAsync(domain, cancellationToken));
        var first = context.JobDetail.JobDataMap.GetString(SwitchedAtKey) is null && context.PreviousFireTimeUtc is null;
        if (domains.All(d => d.PointsToExchangeOnline))
        {
            var switchedAt = context.JobDetail.JobDataMap.GetString(SwitchedAtKey) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : now;
            context.JobDetail.JobDataMap[SwitchedAtKey] = switchedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            await posts.PostAsync(batch, MxFollowUpCard.Status(batch, domains, switchedAt + RemoveAfter), cancellationToken);
            var remind = TriggerBuilder.Create().ForJob(context.JobDetail.Key).StartAt(switchedAt + RemoveAfter)
                .WithSimpleSchedule(x => x.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, cancellationToken);
            await context.Scheduler.ScheduleJob(remind, new ScheduleJobOptions(), cancellationToken);
        }
        else if (first)
        {
            await posts.PostAsync(batch, MxFollowUpCard.Status(batch, domains, null), cancellationToken);
        }

        Log.MxChecked(logger, batch.Name, domains.Count(d => d.PointsToExchangeOnline), domains.Count);
    }

    /// <summary>Schedules the follow-up of a batch that just completed: the first MX check at once, then daily.</summary>
    public static async Task ScheduleAsync(IScheduler scheduler, Batch batch, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<MxFollowUpJob>()
            .WithIdentity(KeyFor(batch.Id))
            .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
            .StoreDurably()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow()
            .WithSimpleSchedule(x => x.WithInterval(RecheckEvery).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}
