using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Slots;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.Storage.Protection;
using MigrationBot.Telemetry;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// One scheduled pass over one mailbox of a batch. The batch's state says which pass it is: the initial sync, an
/// incremental one, or the final one after approval; a batch that is paused, stopped or gone runs nothing. The user
/// moves through its lifecycle around the pass, its totals are recorded, and the batch's state follows its users.
/// </summary>
public sealed class MailboxPassRunner(
    IBatchStore store,
    MailboxJobFactory jobs,
    EngineServices engine,
    BatchScheduler scheduler,
    BatchConcurrency concurrency,
    ClusterSlots slots,
    ReplicaCapacity capacity,
    BatchProgression progression,
    ProgressBoard progress,
    BotMetrics metrics,
    StoreWrites writes,
    TimeProvider time,
    ILogger<MailboxPassRunner> logger)
{
    public const string Cause = "engine";

    public async Task RunAsync(Guid batchId, string emailAddress, CancellationToken cancellationToken)
    {
        // A pass fired just before the database went away waits for it: failing here would leave its user waiting until
        // the next slot (a day off), the batch "Syncing" meanwhile.
        if (await writes.UntilStoredAsync("the pass's batch and user", () => ReadAsync(batchId, emailAddress, cancellationToken), cancellationToken) is not { } read)
            return;
        var (batch, user, running) = read;

        if (!slots.Enabled)
        {
            await RunHoldingSlotAsync(batch, user, running, cancellationToken);
            return;
        }

        // With replicas, the batch's and its endpoint's limits are the cluster's, and each replica runs its share: a pass
        // with no place here or no slot free anywhere goes back to the cluster for a few seconds, to run wherever there
        // is room then, instead of holding this replica.
        using var place = capacity.TryEnter();
        var clusterSlot = place is null ? null : await TryClusterSlotAsync(batch, cancellationToken);
        if (clusterSlot is null)
        {
            var retryAt = time.GetUtcNow() + TimeSpan.FromMilliseconds(Random.Shared.Next(2000, 6000));
            Log.MailboxHandedBack(logger, batch.Name, user.EmailAddress, retryAt);
            await RetryLaterAsync(batch, user.EmailAddress, retryAt);
            return;
        }

        try
        {
            await RunHoldingSlotAsync(batch, user, running, cancellationToken);
        }
        finally
        {
            await clusterSlot.DisposeAsync();
        }
    }

    private async Task<IAsyncDisposable?> TryClusterSlotAsync(Batch batch, CancellationToken cancellationToken)
    {
        try
        {
            return await slots.TryAcquireAsync(concurrency.ClusterScopes(batch), cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            // The database is away: nothing can be recorded either; the pass is handed back and tried again.
            return null;
        }
    }

    /// <summary>The batch, its user and the state the user runs this pass in; null when there is no pass to run.</summary>
    private async Task<(Batch Batch, BatchUser User, UserState Running)?> ReadAsync(Guid batchId, string emailAddress, CancellationToken cancellationToken)
    {
        var batch = await store.GetAsync(batchId, cancellationToken);
        var user = batch is null ? null : (await store.UsersAsync(batchId, cancellationToken)).FirstOrDefault(u => u.EmailAddress == emailAddress.ToLowerInvariant());
        return batch is null || user is null || PassFor(batch, user) is not { } running ? null : (batch, user, running);
    }

    private async Task RunHoldingSlotAsync(Batch batch, BatchUser user, UserState running, CancellationToken cancellationToken)
    {
        var attempts = 0;
        if (!await writes.UntilStoredAsync("the user's move to its pass", () => EnterPassAsync(batch, user, running, retried: attempts++ > 0, cancellationToken), cancellationToken))
            return;
        progress.Changed(batch.Id);

        MailboxReport report;
        using (var slot = await AcquireAsync(batch, cancellationToken))
        {
            if (slot is not null)
            {
                // From here the pass can stall: the watch compares this stamp, moved on by its progress, with the clock.
                await writes.UntilStoredAsync("the pass's start", () => store.SetProgressAsync(batch.Id, user.EmailAddress, time.GetUtcNow(), CancellationToken.None), cancellationToken);
            }

            report = slot is null ? Cancelled(user) : await PassAsync(batch, user, cancellationToken);
        }

        // A pass that never reached the engine (cancelled while waiting, no credentials) has no duration worth a sample.
        metrics.PassEnded(running, report, ran: report.Duration > TimeSpan.Zero);
        var (next, reason) = After(running, report, user.Totals.InitialSyncDone);
        if (report.Outcome == MailboxOutcome.AlreadyRunning)
        {
            // Another pass holds the mailbox: a replica killed mid-pass on another machine, whose hold lapses unless
            // renewed, or a pass still running. Nothing was done; this one waits for that hold to end and goes again.
            var retryAt = time.GetUtcNow() + (await engine.LedgerAsync()).LeaseDuration + TimeSpan.FromSeconds(5);
            reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"waiting for another pass over this mailbox to let go; tried again at {retryAt:HH:mm} UTC");
            await RetryLaterAsync(batch, user.EmailAddress, retryAt);
        }

        // What the pass did is written whatever happens to the database meanwhile: tried again until it answers.
        if (report.Outcome != MailboxOutcome.Cancelled || report.Copied > 0)
        {
            var totals = new PassTotals(report.Copied, report.Bytes, report.Skipped, report.Failed, time.GetUtcNow(), next is UserState.Synced or UserState.Completed);
            await writes.UntilStoredAsync("the pass's totals", () => store.RecordPassAsync(batch.Id, user.EmailAddress, totals, CancellationToken.None), CancellationToken.None);
        }

        // The pass leaves the card's live count as soon as its totals are in the store: left until the user's state had
        // moved on too, a card drawn meanwhile counted the pass twice.
        progress.PassEnded(batch.Id, user.EmailAddress);

        // Recorded even when the pass was cancelled: the user must not stay "Syncing" after a pause or a shutdown.
        await writes.UntilStoredAsync("the user's next state", () => store.MoveUserAsync(batch.Id, user.EmailAddress, running, next, Cause, reason, CancellationToken.None), CancellationToken.None);
        await writes.UntilStoredAsync("the end of the pass", () => store.SetProgressAsync(batch.Id, user.EmailAddress, null, CancellationToken.None), CancellationToken.None);
        progress.Changed(batch.Id);
        Log.MailboxPassEnded(logger, batch.Name, user.EmailAddress, report.Outcome.ToString(), report.Copied);
        await writes.UntilStoredAsync("the batch's progression", () => progression.AdvanceAsync(batch.Id, CancellationToken.None), CancellationToken.None);
    }

    /// <summary>
    /// Moves the batch and the user into the pass; false when the user moved meanwhile (a person, another pass). Safe to
    /// repeat (<paramref name="retried"/>): the moves are compare-and-set, and one written before the database lost its
    /// answer counts as made.
    /// </summary>
    private async Task<bool> EnterPassAsync(Batch batch, BatchUser user, UserState running, bool retried, CancellationToken cancellationToken)
    {
        if (batch.State is BatchState.Synced or BatchState.SyncedWithErrors)
            await store.MoveAsync(batch.Id, batch.State, BatchState.IncrementalSyncing, Cause, cancellationToken);
        // A user found already in its running state was cut off mid-pass (a crash or a shutdown): run it again.
        if (user.State == running || await store.MoveUserAsync(batch.Id, user.EmailAddress, user.State, running, Cause, null, cancellationToken))
            return true;
        // Refused: the user is no longer where it was read. After a failed attempt that may be this very move, written
        // before the database lost its answer.
        return retried && (await store.UsersAsync(batch.Id, cancellationToken)).Any(u => u.EmailAddress == user.EmailAddress && u.State == running);
    }

    /// <summary>The state the user runs this pass in, or null when the batch's state runs no pass for it.</summary>
    private static UserState? PassFor(Batch batch, BatchUser user) => (batch.State, user.State) switch
    {
        (BatchState.Completing, UserState.Synced or UserState.Failed or UserState.Queued or UserState.Completing) => UserState.Completing,
        (BatchState.Syncing or BatchState.IncrementalSyncing, UserState.Syncing or UserState.IncrementalSyncing) => user.State,
        (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Synced or BatchState.SyncedWithErrors, UserState.Queued) => UserState.Syncing,
        (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Synced or BatchState.SyncedWithErrors, UserState.Failed) =>
            user.Totals.InitialSyncDone ? UserState.IncrementalSyncing : UserState.Syncing,
        (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Synced or BatchState.SyncedWithErrors, UserState.Synced) => UserState.IncrementalSyncing,
        _ => null,
    };

    private static (UserState Next, string? Reason) After(UserState running, MailboxReport report, bool initialDone)
    {
        if (report.Outcome == MailboxOutcome.Cancelled)
        {
            // Paused, stopped or shut down at a safe point: what was copied stays; the next pass goes on from there.
            return running switch
            {
                UserState.Syncing => (UserState.Queued, "paused before the initial sync finished"),
                UserState.IncrementalSyncing => (UserState.Synced, null),
                _ => (UserState.Failed, "the final sync was interrupted; approve again or retry this user"),
            };
        }

        if (report.Outcome == MailboxOutcome.AlreadyRunning)
        {
            // The user is where it was before this pass, which did nothing: the pass that holds the mailbox moves it on.
            return (running == UserState.Syncing ? UserState.Queued : UserState.Synced, null);
        }

        var succeeded = report.Outcome is MailboxOutcome.Succeeded or MailboxOutcome.CompletedWithErrors;
        if (!succeeded)
            return (UserState.Failed, report.Error ?? report.Outcome.ToString());
        var note = report.Failed > 0 ? $"{report.Failed} item(s) failed; they are listed in the details" : null;
        return running == UserState.Completing ? (UserState.Completed, note) : (UserState.Synced, note);
    }

    private async Task RetryLaterAsync(Batch batch, string emailAddress, DateTimeOffset at)
    {
        try
        {
            await writes.UntilStoredAsync("the retry of a held mailbox", () => scheduler.TriggerMailboxAtAsync(batch.Id, emailAddress, at, CancellationToken.None), CancellationToken.None);
        }
        catch (Quartz.SchedulerException ex)
        {
            Log.HeldMailboxRetryNotScheduled(logger, batch.Name, emailAddress, ex.Message);
        }
    }

    private async Task<IDisposable?> AcquireAsync(Batch batch, CancellationToken cancellationToken)
    {
        try
        {
            return await concurrency.AcquireAsync(batch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<MailboxReport> PassAsync(Batch batch, BatchUser user, CancellationToken cancellationToken)
    {
        MailboxJob job;
        try
        {
            // Its credentials are read from the database: a pass that finds it away waits, rather than fail its job with
            // its user left Syncing until the next slot.
            job = await writes.UntilStoredAsync("the user's credentials", () => jobs.CreateAsync(batch, user, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or CredentialUnavailableException)
        {
            return new MailboxReport(user.EmailAddress, MailboxOutcome.Failed, ex.Message, [], time.GetUtcNow(), TimeSpan.Zero);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Paused or shut down while waiting for the database: the user's next state is still written.
            return Cancelled(user);
        }

        var ledger = await engine.LedgerAsync();
        var migrator = new MailboxMigrator(ledger, MailboxJobFactory.OptionsFor(batch), time, engine.Memory, engine.Hosts, logger);
        var live = new Progress<MigrationProgress>(p => progress.Report(batch.Id, p));
        return await migrator.RunAsync(job, live, cancellationToken);
    }

    private MailboxReport Cancelled(BatchUser user) =>
        new(user.EmailAddress, MailboxOutcome.Cancelled, "cancelled before the pass started", [], time.GetUtcNow(), TimeSpan.Zero);
}
