using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Preflight;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// Starts a batch: Created → Validating, the preflight of every user (posted as a card), then Syncing with one
/// scheduled sync per user that passed. A user that fails preflight is Failed with the reason and does not hold
/// up the others. Safe to run again after a crash: it picks up from the state it finds.
/// </summary>
public sealed class BatchStarter(
    IBatchStore store,
    IMailboxPreflight preflight,
    BatchScheduler scheduler,
    BatchConcurrency concurrency,
    Microsoft365Check microsoft365,
    NoticeService notices,
    BatchPosts posts,
    ProgressBoard progress,
    TimeProvider time,
    ILogger<BatchStarter> logger)
{
    public const string Cause = "scheduler";

    public async Task StartAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        if (batch is null)
            return;
        if (batch.State == BatchState.Created && !await store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, Cause, cancellationToken))
            return;
        if (batch.State is not (BatchState.Created or BatchState.Validating))
            return;
        progress.Changed(batch.Id);

        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var results = new PreflightResult[users.Count];
        var (notReady, found, readinessNote) = await microsoft365.CheckAsync([.. users.Select(u => u.EmailAddress)], cancellationToken);
        foreach (var (address, user) in found)
            await store.SetProfileAsync(batch.Id, address, new UserProfile(user.ObjectId, user.DisplayName, user.TimeZone, user.Locale), cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = batch.Settings.MaxConcurrentMailboxes, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var user = users[i];
                using var slot = await concurrency.AcquireAsync(batch, ct);
                results[i] = notReady.TryGetValue(user.EmailAddress, out var why) ? new PreflightResult(user.EmailAddress, why, []) : await preflight.RunAsync(batch, user, ct);
                if (!results[i].Passed && user.State is UserState.Queued)
                    await store.MoveUserAsync(batch.Id, user.EmailAddress, UserState.Queued, UserState.Failed, Cause, "preflight: " + results[i].Error, ct);
            });

        await posts.PostAsync(batch, PreflightCard.Build(batch, results, readinessNote), cancellationToken);
        var passed = results.Where(r => r.Passed).Select(r => r.EmailAddress).ToList();
        if (passed.Count == 0 || (passed.Count < results.Length && batch.Settings.PreflightFailuresBlock))
        {
            await posts.PostTextAsync(batch, passed.Count == 0
                ? $"**{batch.Name}** failed its preflight: no user could be prepared (see the preflight card). Fix the cause, then type `resume {batch.Name}` to check again."
                : $"**{batch.Name}** stopped after its preflight: {results.Length - passed.Count} user(s) failed, and the batch says a failed user stops it. Fix them, then type `resume {batch.Name}` to check again.",
                cancellationToken);
            await store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Failed, Cause, cancellationToken);
            progress.Changed(batch.Id);
            return;
        }

        // Syncing first: a mailbox job that fires at once must find the batch in the state that runs it.
        await store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Syncing, Cause, cancellationToken);
        await scheduler.ScheduleMailboxesAsync(batch, passed, firstRun: null, cancellationToken);
        // A user that failed preflight is tried again at the first incremental sync (or at once by "retry").
        var failed = results.Where(r => !r.Passed).Select(r => r.EmailAddress).ToList();
        if (failed.Count > 0)
            await scheduler.ScheduleMailboxesAsync(batch, failed, firstRun: time.GetUtcNow() + batch.Settings.IncrementalInterval, cancellationToken);
        var startedAt = time.GetUtcNow();
        await scheduler.ScheduleAlertsAsync(batch, startedAt, replace: true, cancellationToken);
        await posts.PostAsync(batch, StartedCard.Build(batch, passed.Count, failed, startedAt), cancellationToken);
        progress.Changed(batch.Id);
        Log.BatchStarted(logger, batch.Name, passed.Count, users.Count - passed.Count);
        try
        {
            await notices.AnnounceAsync(batch, results, cancellationToken);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or Quartz.SchedulerException)
        {
            // The users hear of it at the next notice; the sync goes on.
            Log.NoticesNotSent(logger, batch.Name, ex.Message);
        }
    }
}
