using Microsoft.Extensions.Options;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Storage;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>What the batches ask of Quartz: schedule, fire, pause, resume and delete a batch's jobs.</summary>
public sealed class BatchScheduler(ISchedulerFactory schedulers, IOptionsMonitor<AlertOptions> alerts, TimeProvider time)
{
    /// <summary>The preflight-and-start job, now or at the batch's start time.</summary>
    public async Task ScheduleStartAsync(Batch batch, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<BatchStartJob>()
            .WithIdentity(BatchJobKeys.Start(batch.Id))
            .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
            .RequestRecovery()
            .StoreDurably()
            .Build();
        var start = batch.Settings.StartAt is { } at && at > time.GetUtcNow() ? at : time.GetUtcNow();
        var trigger = TriggerBuilder.Create()
            .ForJob(job)
            .StartAt(start)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Each mailbox's sync: at <paramref name="firstRun"/> (null: at once), then every incremental interval. A misfire
    /// after downtime fires once, not once per missed slot.
    /// </summary>
    public Task ScheduleMailboxesAsync(Batch batch, IEnumerable<string> emailAddresses, DateTimeOffset? firstRun, CancellationToken cancellationToken) =>
        ScheduleMailboxesAsync(batch, emailAddresses.Select(a => (a, firstRun ?? time.GetUtcNow())), cancellationToken);

    /// <summary>
    /// Each mailbox's sync at its own first run, then every incremental interval; all of them in one transaction of
    /// Quartz's store, so a database lost meanwhile leaves every one of them scheduled or none.
    /// </summary>
    public async Task ScheduleMailboxesAsync(Batch batch, IEnumerable<(string EmailAddress, DateTimeOffset FirstRun)> mailboxes, CancellationToken cancellationToken)
    {
        var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach (var (address, firstRun) in mailboxes)
        {
            var job = JobBuilder.Create<MailboxSyncJob>()
                .WithIdentity(BatchJobKeys.Mailbox(batch.Id, address))
                .UsingJobData(BatchJobKeys.BatchIdKey, batch.Id.ToString("D"))
                .UsingJobData(BatchJobKeys.EmailAddressKey, address)
                .RequestRecovery()
                .StoreDurably()
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(BatchJobKeys.Repeat(batch.Id, address))
                .ForJob(job)
                .StartAt(firstRun)
                .WithSimpleSchedule(s => s.WithInterval(batch.Settings.IncrementalInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
                .Build();
            jobs[job] = [trigger];
        }

        if (jobs.Count == 0)
            return;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJobs(jobs, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>Those of <paramref name="emailAddresses"/> that have no mailbox job in the batch.</summary>
    public async Task<IReadOnlyList<string>> WithoutMailboxJobAsync(Guid batchId, IEnumerable<string> emailAddresses, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken)).ToHashSet();
        return [.. emailAddresses.Where(a => !keys.Contains(BatchJobKeys.Mailbox(batchId, a)))];
    }

    /// <summary>
    /// The IT channel's watch (stalls, throttling) and daily report of a batch whose initial sync started at
    /// <paramref name="startedAt"/>. <paramref name="replace"/>: a new start; without it an existing schedule is kept (recovery).
    /// </summary>
    public async Task ScheduleAlertsAsync(Batch batch, DateTimeOffset startedAt, bool replace, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var options = alerts.CurrentValue;
        await BatchWatchJob.ScheduleAsync(scheduler, batch, options.CheckEvery, time.GetUtcNow(), replace, cancellationToken);
        await DailyReportJob.ScheduleAsync(scheduler, batch, options.ReportEvery, startedAt, replace, cancellationToken);
    }

    /// <summary>When the batch's next incremental sync is due (its mailboxes' earliest repeat), or null when none is scheduled.</summary>
    public async Task<DateTimeOffset?> NextSyncAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        DateTimeOffset? next = null;
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken))
        {
            if (BatchJobKeys.IsRepeat(key) && (await scheduler.GetTrigger(key, cancellationToken))?.NextFireTimeUtc is { } at && (next is null || at < next))
                next = at;
        }

        return next;
    }

    /// <summary>Stops the mailbox's running pass at a safe point (if one runs) and runs it again now: a stalled pass's retry.</summary>
    public async Task RestartMailboxAsync(Guid batchId, string emailAddress, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // The job disallows concurrent runs, so the new run waits for the interrupted one to let go.
        await scheduler.Interrupt(BatchJobKeys.Mailbox(batchId, emailAddress), cancellationToken);
        await TriggerMailboxAsync(batchId, emailAddress, cancellationToken);
    }

    /// <summary>Runs one mailbox's sync now (retry, resume, final sync), besides its schedule.</summary>
    public async Task TriggerMailboxAsync(Guid batchId, string emailAddress, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = BatchJobKeys.Mailbox(batchId, emailAddress);
        if (await scheduler.Exists(key, cancellationToken))
            await scheduler.TriggerJob(key, cancellationToken);
    }

    /// <summary>
    /// Runs one mailbox's sync once at <paramref name="at"/>, besides its schedule (a pass that found the mailbox held by
    /// another pass tries again once that hold has ended; a pass that found no cluster-wide slot is handed back).
    /// </summary>
    public async Task TriggerMailboxAtAsync(Guid batchId, string emailAddress, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = BatchJobKeys.Mailbox(batchId, emailAddress);
        if (!await scheduler.Exists(key, cancellationToken))
            return;
        var trigger = TriggerBuilder.Create()
            .WithIdentity(BatchJobKeys.RetryLater(batchId, emailAddress))
            .ForJob(key)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
    }

    public async Task<bool> HasMailboxJobsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken);
        return keys.Any(BatchJobKeys.IsMailbox);
    }

    /// <summary>Stops the batch's schedules and interrupts its running syncs (they stop at a safe point, keeping what they copied).</summary>
    public async Task PauseAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.PauseJobGroups(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken);
        await InterruptRunningAsync(scheduler, batchId, cancellationToken);
    }

    public async Task ResumeAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ResumeJobGroups(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken);
    }

    /// <summary>The mailboxes' repeating schedules end (the batch is completing): only explicit triggers run them now.</summary>
    public async Task EndRepeatsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // Only the mailboxes' repeats: the watch and the daily report go on through the final sync.
        var triggers = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken);
        await scheduler.UnscheduleJobs([.. triggers.Where(BatchJobKeys.IsRepeat)], cancellationToken);
    }

    /// <summary>After completion: the MX follow-up (daily check, then the reminder to remove the batch).</summary>
    public async Task ScheduleFollowUpAsync(Batch batch, CancellationToken cancellationToken) =>
        await FollowUp.MxFollowUpJob.ScheduleAsync(await schedulers.GetScheduler(cancellationToken), batch, cancellationToken);

    /// <summary>Deletes every job of the batch, interrupting those that run.</summary>
    public async Task DeleteAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await InterruptRunningAsync(scheduler, batchId, cancellationToken);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken);
        await scheduler.DeleteJobs(keys, cancellationToken);
    }

    private static async Task InterruptRunningAsync(IScheduler scheduler, Guid batchId, CancellationToken cancellationToken)
    {
        // Interrupt(JobKey) cancels every running instance of the job, on this node and (clustered) on the others.
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(BatchJobKeys.Group(batchId)), cancellationToken))
            await scheduler.Interrupt(key, cancellationToken);
    }
}
