using MigrationBot.Batches.Jobs;
using MigrationBot.Notices.Timeline;
using Quartz;

namespace MigrationBot.Notices;

/// <summary>
/// The timed notices as Quartz jobs, one per user and notice, due at the user's local time (<see cref="NoticeTimeline"/>);
/// kept in the database, so a restart neither loses nor repeats them (the delivery record says what was sent).
/// </summary>
public sealed class NoticeJobs(ISchedulerFactory schedulers, TimeProvider time)
{
    public const string KindKey = "kind";
    public const string OversizeKey = "oversize";

    public static string Group(Guid batchId) => $"notices-{batchId:D}";

    public async Task ScheduleTimedAsync(Batches.Storage.Batch batch, IEnumerable<(string EmailAddress, TimeZoneInfo Zone)> users, CancellationToken cancellationToken)
    {
        if (batch.Settings.CutoverAt is not { } cutover)
            return;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach (var (address, zone) in users)
        {
            foreach (var due in NoticeTimeline.Plan(cutover, zone, time.GetUtcNow()))
            {
                var job = JobBuilder.Create<NoticeJob>()
                    .WithIdentity($"{due.Kind}-{address.ToLowerInvariant()}", Group(batch.Id))
                    .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
                    .UsingJobData(BatchJobKeys.EmailAddressKey, address)
                    .UsingJobData(KindKey, due.Kind.ToString())
                    .RequestRecovery()
                    .Build();
                var trigger = TriggerBuilder.Create().ForJob(job).StartAt(due.DueUtc)
                    .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
                jobs[job] = [trigger];
            }
        }

        await scheduler.ScheduleJobs(jobs, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Notices that follow an event (announcement, in progress, moved), sent by jobs at once rather than by the caller:
    /// pressing Approve answers at once however many users the batch has, and a crash loses none of them.
    /// </summary>
    public async Task ScheduleNowAsync(Batches.Storage.Batch batch, NoticeKind kind, IEnumerable<(string EmailAddress, int Oversize)> users, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach (var (address, oversize) in users)
        {
            var job = JobBuilder.Create<NoticeJob>()
                .WithIdentity($"{kind}-{address.ToLowerInvariant()}", Group(batch.Id))
                .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
                .UsingJobData(BatchJobKeys.EmailAddressKey, address)
                .UsingJobData(KindKey, kind.ToString())
                .UsingJobData(OversizeKey, oversize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .RequestRecovery()
                .Build();
            jobs[job] = [TriggerBuilder.Create().ForJob(job).StartNow().WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build()];
        }

        await scheduler.ScheduleJobs(jobs, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>Deletes the batch's pending timed notices (the batch was removed).</summary>
    public async Task DeleteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(Group(batchId)), cancellationToken);
    }
}
