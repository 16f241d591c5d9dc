using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Preflight;
using MigrationBot.Graph;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Starts a batch: Created → Validating, the preflight of every user (posted as a card), then Syncing with one
/// scheduled sync per user. A user that fails preflight is Failed with the reason and does not hold up the others.
/// While the application database (or Quartz's store in it) is unreachable the start waits for it and goes on from
/// the state it finds, remembering what it did before (the preflight, the cards posted), so nothing is checked, posted or
/// announced twice; a start run again after a crash also picks up from the state it finds.
/// </summary>
public sealed class BatchStarter(
    IBatchStore store,
    IMailboxPreflight preflight,
    BatchScheduler scheduler,
    StartedBatchJobs started,
    BatchConcurrency concurrency,
    Microsoft365Check microsoft365,
    NoticeService notices,
    BatchPosts posts,
    ProgressBoard progress,
    StoreWrites writes,
    TimeProvider time,
    ILogger<BatchStarter> logger)
{
    public const string Cause = "scheduler";

    /// <summary>
    /// How long a start waits for its database. A pass that gives up is tried again at its next slot; a start has none,
    /// so it waits as long as an outage may last; after that its job fails and the batch starts again at the host's next start.
    /// </summary>
    public static readonly TimeSpan WaitForDatabase = TimeSpan.FromHours(24);

    public async Task StartAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var run = new StartRun();
        await writes.UntilStoredAsync("the batch's start", () => StartOnceAsync(batchId, run, cancellationToken), WaitForDatabase, cancellationToken);
    }

    /// <summary>One attempt: from the state the batch is in, the rest of its start.</summary>
    private async Task StartOnceAsync(Guid batchId, StartRun run, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        if (batch is null)
            return;
        if (batch.State == BatchState.Created)
        {
            if (!await store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, Cause, cancellationToken))
                return;
            batch = batch with { State = BatchState.Validating };
        }

        if (batch.State == BatchState.Validating)
        {
            if (!await ValidateAsync(batch, run, cancellationToken))
                return;
            batch = batch with { State = BatchState.Syncing };
        }

        if (batch.State == BatchState.Syncing)
            await SyncAsync(batch, run, cancellationToken);
    }

    /// <summary>The preflight, its card, and the move on: true once the batch is Syncing (moved by this start).</summary>
    private async Task<bool> ValidateAsync(Batch batch, StartRun run, CancellationToken cancellationToken)
    {
        progress.Changed(batch.Id);
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        await PreflightAsync(batch, users, run, cancellationToken);
        foreach (var (address, user) in run.Readiness!.Value.Found)
            await store.SetProfileAsync(batch.Id, address, new UserProfile(user.ObjectId, user.DisplayName, user.TimeZone, user.Locale), cancellationToken);
        var results = users.Select(u => run.Preflight[u.EmailAddress]).ToList();
        foreach (var (user, result) in users.Zip(results))
        {
            // Moved by the state read in this attempt, so an attempt after a lost connection moves nobody twice.
            if (!result.Passed && user.State is UserState.Queued)
                await store.MoveUserAsync(batch.Id, user.EmailAddress, UserState.Queued, UserState.Failed, Cause, "preflight: " + result.Error, cancellationToken);
            else if (result.Passed && user.State is UserState.Failed)
                await store.MoveUserAsync(batch.Id, user.EmailAddress, UserState.Failed, UserState.Queued, Cause, null, cancellationToken);
        }

        if (!run.PreflightPosted)
        {
            await posts.PostAsync(batch, PreflightCard.Build(batch, results, run.Readiness.Value.Note), cancellationToken);
            run.PreflightPosted = true;
        }

        var passed = results.Count(r => r.Passed);
        if (passed == 0 || (passed < results.Count && batch.Settings.PreflightFailuresBlock))
        {
            if (!run.StoppedPosted)
            {
                await posts.PostTextAsync(batch, passed == 0
                    ? $"**{batch.Name}** failed its preflight: no user could be prepared (see the preflight card). Fix the cause, then type `resume {batch.Name}` to check again."
                    : $"**{batch.Name}** stopped after its preflight: {results.Count - passed} user(s) failed, and the batch says a failed user stops it. Fix them, then type `resume {batch.Name}` to check again.",
                    cancellationToken);
                run.StoppedPosted = true;
            }

            await store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Failed, Cause, cancellationToken);
            progress.Changed(batch.Id);
            return false;
        }

        // Set before the move: should its answer be lost, the next attempt finds the batch Syncing and knows it was this start.
        run.SyncingSince = time.GetUtcNow();
        if (await store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Syncing, Cause, cancellationToken))
            return true;
        run.SyncingSince = null;
        return false;
    }

    /// <summary>Each user's preflight that this start has not yet run (the earlier ones are kept), and Microsoft 365's readiness once.</summary>
    private async Task PreflightAsync(Batch batch, IReadOnlyList<BatchUser> users, StartRun run, CancellationToken cancellationToken)
    {
        run.Readiness ??= await microsoft365.CheckAsync([.. users.Select(u => u.EmailAddress)], cancellationToken);
        var (notReady, _, _) = run.Readiness.Value;
        var notYetChecked = users.Where(u => !run.Preflight.ContainsKey(u.EmailAddress)).ToList();
        await Parallel.ForEachAsync(notYetChecked, new ParallelOptions { MaxDegreeOfParallelism = batch.Settings.MaxConcurrentMailboxes, CancellationToken = cancellationToken },
            async (user, ct) =>
            {
                using var slot = await concurrency.AcquireAsync(batch, ct);
                run.Preflight[user.EmailAddress] = notReady.TryGetValue(user.EmailAddress, out var why)
                    ? new PreflightResult(user.EmailAddress, why, [])
                    : await preflight.RunAsync(batch, user, ct);
            });
    }

    /// <summary>The mailbox jobs, the watch and report, the started card and the notices, each once.</summary>
    private async Task SyncAsync(Batch batch, StartRun run, CancellationToken cancellationToken)
    {
        // Syncing first (done): a mailbox job that fires at once must find the batch in the state that runs it.
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var scheduled = await started.EnsureMailboxJobsAsync(batch, users, cancellationToken);
        if (run.SyncingSince is not { } startedAt)
        {
            // Found started by an earlier run of this job, cut off after the move (Quartz ran it again after a crash, or on
            // another replica): what it scheduled is made sure of; its cards and notices are not sent again.
            await started.EnsureAlertsAsync(batch, cancellationToken);
            Log.BatchStartPickedUp(logger, batch.Name, scheduled.Count);
            return;
        }

        if (!run.AlertsScheduled)
        {
            await scheduler.ScheduleAlertsAsync(batch, startedAt, replace: true, cancellationToken);
            run.AlertsScheduled = true;
        }

        var results = users.Select(u => run.Preflight.GetValueOrDefault(u.EmailAddress)).OfType<PreflightResult>().ToList();
        var passed = results.Count(r => r.Passed);
        if (!run.StartedPosted)
        {
            var failed = results.Where(r => !r.Passed).Select(r => r.EmailAddress).ToList();
            await posts.PostAsync(batch, StartedCard.Build(batch, passed, failed, startedAt), cancellationToken);
            run.StartedPosted = true;
            progress.Changed(batch.Id);
            Log.BatchStarted(logger, batch.Name, passed, users.Count - passed);
        }

        try
        {
            // Safe to repeat: the notice jobs are keyed per user and notice, and a notice's delivery record stops a second send.
            await notices.AnnounceAsync(batch, results, cancellationToken);
        }
        catch (Quartz.SchedulerException ex) when (DatabaseFailure.CauseOf(ex) is null)
        {
            // The users hear of it at the next notice; the sync goes on. (A database away is waited for, like the rest.)
            Log.NoticesNotSent(logger, batch.Name, ex.Message);
        }
    }

    /// <summary>What one start has done so far, kept across its attempts while the database is away.</summary>
    private sealed class StartRun
    {
        public (IReadOnlyDictionary<string, string> NotReady, IReadOnlyDictionary<string, UserReadiness> Found, string? Note)? Readiness { get; set; }

        /// <summary>Each user's preflight, by address.</summary>
        public ConcurrentDictionary<string, PreflightResult> Preflight { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool PreflightPosted { get; set; }

        public bool StoppedPosted { get; set; }

        /// <summary>When this start moved the batch to Syncing (or tried to: the answer may have been lost); null when it did not.</summary>
        public DateTimeOffset? SyncingSince { get; set; }

        public bool AlertsScheduled { get; set; }

        public bool StartedPosted { get; set; }
    }
}
