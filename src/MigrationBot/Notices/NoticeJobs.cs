using Microsoft.Extensions.Options;
using MigrationBot.Batches.Jobs;
using MigrationBot.Notices.Timeline;
using Quartz;

namespace MigrationBot.Notices;

/// <summary>
/// The timed notices as Quartz jobs, one per user and notice, due at the user's local time (<see cref="NoticeTimeline"/>);
/// kept in the database, so a restart neither loses nor repeats them (the delivery record says what was sent).
/// </summary>
public sealed class NoticeJobs(ISchedulerFactory schedulers, TimeProvider time, IOptions<NoticeOptions> options)
{
    private TimelineOptions Timeline => new() { CheckInDelay = options.Value.CheckInDelay };

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
            foreach (var due in NoticeTimeline.Plan(cutover, zone, time.GetUtcNow(), Timeline))
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

    /// <summary>
    /// The cutover moved: the pending reminders and check-ins are planned again from the new time (one that is now past
    /// is dropped). A notice already sent is not sent again: its delivery record says so.
    /// </summary>
    /// <returns>How many timed notices are now pending.</returns>
    public async Task<int> RescheduleTimedAsync(Batches.Storage.Batch batch, IEnumerable<(string EmailAddress, TimeZoneInfo Zone)> users, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var timed = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group(batch.Id)), cancellationToken))
            .Where(k => k.Name.StartsWith($"{NoticeKind.Reminder}-", StringComparison.Ordinal) || k.Name.StartsWith($"{NoticeKind.CheckIn}-", StringComparison.Ordinal))
            .ToList();
        await scheduler.DeleteJobs(timed, cancellationToken);
        var list = users.ToList();
        await ScheduleTimedAsync(batch, list, cancellationToken);
        return batch.Settings.CutoverAt is { } cutover ? list.Sum(u => NoticeTimeline.Plan(cutover, u.Zone, time.GetUtcNow(), Timeline).Count) : 0;
    }

    /// <summary>Deletes the batch's pending timed notices (the batch was removed).</summary>
    public async Task DeleteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(Group(batchId)), cancellationToken);
    }
}
