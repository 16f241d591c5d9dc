using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Notices;

namespace MigrationBot.Batches.Runs;

/// <summary>
/// What people do to a running batch, whether typed or pressed: pause, resume, retry, approve, stop, remove. Each
/// move is compare-and-set, so a second press (or a second person) finds the batch moved and is told so.
/// The answer is the sentence the bot says back.
/// </summary>
public sealed class BatchOperations(IBatchStore store, BatchScheduler scheduler, ProgressBoard progress, NoticeService notices, NoticeJobs noticeJobs)
{
    public async Task<string> PauseAsync(Batch batch, string actor, CancellationToken cancellationToken)
    {
        if (!BatchLifecycle.Table.IsAllowed(batch.State, BatchState.Stopping))
            return $"{batch.Name} is {batch.State}: there is nothing to pause.";
        if (!await store.MoveAsync(batch.Id, batch.State, BatchState.Stopping, actor, cancellationToken))
            return $"{batch.Name} changed meanwhile; look at its progress card and try again.";
        await scheduler.PauseAsync(batch.Id, cancellationToken);
        await store.MoveAsync(batch.Id, BatchState.Stopping, BatchState.Stopped, actor, cancellationToken);
        progress.Changed(batch.Id);
        return $"Paused {batch.Name}: running copies stop at a safe point within seconds, and everything copied so far is kept. Type `resume {batch.Name}` to continue.";
    }

    public async Task<string> ResumeAsync(Batch batch, string actor, CancellationToken cancellationToken)
    {
        if (batch.State is not (BatchState.Stopped or BatchState.Failed))
            return $"{batch.Name} is {batch.State}: only a paused, stopped or failed batch can be resumed.";
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        var hasJobs = await scheduler.HasMailboxJobsAsync(batch.Id, cancellationToken);
        var target = users.Any(u => u.State is UserState.Completing or UserState.Completed) ? BatchState.Completing
            : !hasJobs ? BatchState.Validating
            : users.All(u => u.Totals.InitialSyncDone || u.State is UserState.Skipped) ? BatchState.IncrementalSyncing
            : BatchState.Syncing;
        if (!await store.MoveAsync(batch.Id, batch.State, target, actor, cancellationToken))
            return $"{batch.Name} changed meanwhile; look at its progress card and try again.";
        await scheduler.ResumeAsync(batch.Id, cancellationToken);
        if (target == BatchState.Validating)
        {
            await scheduler.ScheduleStartAsync(batch, cancellationToken);
        }
        else
        {
            foreach (var user in users.Where(u => u.State is not (UserState.Completed or UserState.Skipped)))
                await scheduler.TriggerMailboxAsync(batch.Id, user.EmailAddress, cancellationToken);
        }

        progress.Changed(batch.Id);
        return $"Resumed {batch.Name}: it goes on from where it stopped ({target}).";
    }

    /// <summary>Runs the failed users again now, or one user (<paramref name="emailAddress"/>) whatever its state.</summary>
    public async Task<string> RetryAsync(Batch batch, string? emailAddress, string actor, CancellationToken cancellationToken)
    {
        if (batch.State is BatchState.Stopped or BatchState.Stopping or BatchState.Created or BatchState.Validating)
            return $"{batch.Name} is {batch.State}: resume it (or wait for its preflight) before retrying users.";
        if (batch.State is BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing)
            return $"{batch.Name} is {batch.State}: its credentials are purged; start a new batch for these users.";
        var users = await store.UsersAsync(batch.Id, cancellationToken);
        List<BatchUser> retried;
        if (emailAddress is not null)
        {
            var user = users.FirstOrDefault(u => string.Equals(u.EmailAddress, emailAddress, StringComparison.OrdinalIgnoreCase));
            if (user is null)
                return $"{emailAddress} is not in {batch.Name}. Its users: {string.Join(", ", users.Take(10).Select(u => u.EmailAddress))}{(users.Count > 10 ? ", …" : "")}.";
            if (user.State == UserState.Skipped)
                await store.MoveUserAsync(batch.Id, user.EmailAddress, UserState.Skipped, UserState.Queued, actor, "retried", cancellationToken);
            retried = [user];
        }
        else
        {
            retried = [.. users.Where(u => u.State == UserState.Failed)];
            if (retried.Count == 0)
                return $"{batch.Name} has no failed users.";
        }

        foreach (var user in retried)
            await scheduler.TriggerMailboxAsync(batch.Id, user.EmailAddress, cancellationToken);
        progress.Changed(batch.Id);
        return retried.Count == 1 ? $"Retrying {retried[0].EmailAddress} in {batch.Name} now." : $"Retrying {retried.Count} failed users of {batch.Name} now.";
    }

    /// <summary>
    /// The stall alert's Retry: the users still in the stall they were alerted to (no progress since) have their passes
    /// stopped at a safe point and run again now; what they copied is kept.
    /// </summary>
    public async Task<string> RetryStalledAsync(Batch batch, string actor, CancellationToken cancellationToken)
    {
        if (batch.State is not (BatchState.Syncing or BatchState.IncrementalSyncing or BatchState.Completing))
            return $"{batch.Name} is {batch.State}: nothing of it is syncing now, so nothing is stalled.";
        var stalled = (await store.UsersAsync(batch.Id, cancellationToken))
            .Where(u => u.State is UserState.Syncing or UserState.IncrementalSyncing or UserState.Completing && u.ProgressAt is not null && u.StallAlertedFor == u.ProgressAt)
            .Select(u => u.EmailAddress)
            .ToList();
        if (stalled.Count == 0)
            return $"None of {batch.Name}'s users is stalled any more: each made progress, or its pass ended, since the alert.";
        foreach (var address in stalled)
            await scheduler.RestartMailboxAsync(batch.Id, address, cancellationToken);
        progress.Changed(batch.Id);
        return $"Retrying {stalled.Count} stalled user(s) of {batch.Name} now ({Alerts.CappedList.Inline(stalled)}): their passes stop at a safe point and run again, keeping what they copied.";
    }

    /// <summary>Approve: Synced → Completing, the schedules end, and every user's final sync runs now. Null when approved.</summary>
    public async Task<string?> ApproveAsync(Batch batch, string actor, CancellationToken cancellationToken)
    {
        if (batch.State is not (BatchState.Synced or BatchState.SyncedWithErrors or BatchState.IncrementalSyncing))
        {
            return batch.State is BatchState.Completing or BatchState.Completed or BatchState.CompletedWithErrors
                ? $"{batch.Name} was already approved ({batch.State})."
                : $"{batch.Name} is {batch.State}: completion can be approved once it is Synced.";
        }

        if (!await store.MoveAsync(batch.Id, batch.State, BatchState.Completing, actor, cancellationToken))
            return $"{batch.Name} was approved by someone else a moment ago, or changed meanwhile.";
        await scheduler.EndRepeatsAsync(batch.Id, cancellationToken);
        foreach (var user in await store.UsersAsync(batch.Id, cancellationToken))
        {
            if (user.State is not UserState.Skipped)
                await scheduler.TriggerMailboxAsync(batch.Id, user.EmailAddress, cancellationToken);
        }

        progress.Changed(batch.Id);
        await notices.TellEveryoneAsync(batch, NoticeKind.InProgress, cancellationToken);
        return null;
    }

    public Task<string> StopAsync(Batch batch, string actor, CancellationToken cancellationToken) => PauseAsync(batch, actor, cancellationToken);

    /// <summary>Removing: its jobs are deleted and its credentials purged; the migrated mail stays where it is.</summary>
    public async Task<string> RemoveAsync(Batch batch, string actor, CancellationToken cancellationToken)
    {
        if (batch.State == BatchState.Removing || !await store.MoveAsync(batch.Id, batch.State, BatchState.Removing, actor, cancellationToken))
            return $"{batch.Name} was already removed, or changed meanwhile.";
        await scheduler.DeleteAsync(batch.Id, cancellationToken);
        await noticeJobs.DeleteAsync(batch.Id, cancellationToken);
        await store.PurgeSecretsAsync(batch.Id, cancellationToken);
        progress.Changed(batch.Id);
        return $"Removed {batch.Name}: it no longer syncs and its stored credentials are purged. The migrated mail stays in the target mailboxes.";
    }
}
