using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// One pass over one mailbox: log in to both sides, plan the folders, sync each folder. A transient failure
/// (dropped connection, busy server) reconnects after a jittered backoff and resumes from the ledger; an
/// authentication or connection failure ends this mailbox with a clear reason while the others go on. Whatever
/// happens (a folder refused, the ledger unwritable, a bug, the run cancelled) it returns a report of what it did.
/// </summary>
public sealed class MailboxMigrator(MigrationLedger ledger, MigrationOptions options, TimeProvider time, MemoryBudget memory, HostGovernor hosts, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<MailboxReport> RunAsync(MailboxJob job, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var counters = new Dictionary<string, FolderCounters>(StringComparer.Ordinal);
        MailboxReport Report(MailboxOutcome outcome, string? error) =>
            new(job.EmailAddress, outcome, error, counters.Values.Select(c => c.ToStatistics()).ToList(), started, clock.Elapsed);

        Log.MailboxStarted(_logger, job.EmailAddress);
        MailboxLedger? mailboxLedger = null;
        try
        {
            mailboxLedger = await ledger.ForMailboxAsync(job.EmailAddress, cancellationToken);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, mailboxLedger.LeaseLost);
            var report = await PassWithRetriesAsync(job, mailboxLedger, counters, progress, Report, held.Token);
            if (report.Outcome is MailboxOutcome.Succeeded or MailboxOutcome.CompletedWithErrors)
                Log.MailboxFinished(_logger, job.EmailAddress, report.Outcome, report.Copied, report.Skipped, report.Failed, report.Bytes, clock.Elapsed.TotalSeconds);
            else
                Log.MailboxFailed(_logger, job.EmailAddress, report.Outcome, report.Error ?? "");
            return report;
        }
        catch (MailboxBusyException busy)
        {
            Log.MailboxFailed(_logger, job.EmailAddress, MailboxOutcome.AlreadyRunning, busy.Message);
            return Report(MailboxOutcome.AlreadyRunning, busy.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && mailboxLedger?.LeaseLost.IsCancellationRequested == true)
        {
            const string lost = "stopped: another pass took over this mailbox after this one could not renew its hold in the ledger; nothing it committed is lost";
            Log.MailboxFailed(_logger, job.EmailAddress, MailboxOutcome.Failed, lost);
            return Report(MailboxOutcome.Failed, lost);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var copied = counters.Values.Sum(c => c.Copied);
            Log.MailboxFailed(_logger, job.EmailAddress, MailboxOutcome.Cancelled, $"cancelled after {copied} copied");
            return Report(MailboxOutcome.Cancelled, $"cancelled before the pass finished; {copied} messages were copied and are kept, the next pass goes on from there");
        }
        catch (Exception ex)
        {
            // Opening the ledger failed (disk, permissions), or a bug: this mailbox fails, the others go on.
            var failure = ImapFailureClassifier.Classify(ex, job.EmailAddress);
            var outcome = ImapFailureClassifier.IsUnexpected(ex) ? MailboxOutcome.InternalError : MailboxOutcome.Failed;
            if (outcome == MailboxOutcome.InternalError)
                Log.UnexpectedError(_logger, job.EmailAddress, ex);
            Log.MailboxFailed(_logger, job.EmailAddress, outcome, failure.Message);
            return Report(outcome, failure.Message);
        }
        finally
        {
            if (mailboxLedger is not null)
                await mailboxLedger.DisposeAsync();
        }
    }

    private async Task<MailboxReport> PassWithRetriesAsync(
        MailboxJob job, MailboxLedger mailboxLedger, Dictionary<string, FolderCounters> counters, IProgress<MigrationProgress>? progress,
        Func<MailboxOutcome, string?, MailboxReport> report, CancellationToken cancellationToken)
    {
        // Retries count failures in a row without progress: a large mailbox that Exchange throttles every few
        // thousand messages keeps going, while one that fails again and again without copying anything stops.
        var attempt = 0;
        var copiedAtLastFailure = 0;
        // Ends by returning: a pass that completes, or failures in a row without progress beyond the limit.
        for (;;)
        {
            try
            {
                using (await hosts.AcquireAsync(job.Target.Host, status => progress?.Report(Waiting(job, counters, status)), cancellationToken))
                    await PassAsync(job, mailboxLedger, counters, progress, cancellationToken);
                hosts.Clean(job.Target.Host);
                var failed = counters.Values.Sum(c => c.Failed);
                return failed == 0 ? report(MailboxOutcome.Succeeded, null) : report(MailboxOutcome.CompletedWithErrors, $"{failed} messages failed");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failure = ImapFailureClassifier.Classify(ex, job.EmailAddress);
                var unexpected = ImapFailureClassifier.IsUnexpected(ex);
                if (unexpected)
                    Log.UnexpectedError(_logger, job.EmailAddress, ex);
                var copied = counters.Values.Sum(c => c.Copied);
                attempt = copied > copiedAtLastFailure ? 1 : attempt + 1;
                copiedAtLastFailure = copied;
                if (failure.Kind != ImapFailureKind.Transient || attempt > options.MaxTransientRetries)
                {
                    var outcome = failure.Kind switch
                    {
                        ImapFailureKind.Authentication => MailboxOutcome.AuthenticationFailed,
                        ImapFailureKind.Connection => MailboxOutcome.ConnectionFailed,
                        _ when unexpected => MailboxOutcome.InternalError,
                        _ => MailboxOutcome.Failed,
                    };
                    return report(outcome, failure.Message);
                }

                var delay = Backoff.Delay(attempt, options.InitialBackoff, options.MaxBackoff, failure.RetryAfter);
                if (failure.Busy)
                    hosts.Throttled(job.Target.Host, delay);
                // The wait is said, with when it ends, and cancellable: a scheduler that stops the run is not held for it.
                var until = time.GetUtcNow() + delay;
                progress?.Report(Waiting(job, counters, $"waiting until {until:HH:mm:ss} UTC ({delay.TotalSeconds:0.#} s) before retry {attempt}: {failure.Message}"));
                Log.TransientRetry(_logger, job.EmailAddress, attempt, delay.TotalSeconds, failure.Message);
                foreach (var folder in counters.Values)
                    folder.ResetForRetry();
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task PassAsync(
        MailboxJob job, MailboxLedger mailboxLedger, Dictionary<string, FolderCounters> counters, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var (opened, targetMain) = await OpenBothAsync(job, cancellationToken);
        using var source = opened;
        var appenders = options.AppendConnectionsPerMailbox > 0
            ? options.AppendConnectionsPerMailbox
            : (targetMain.Capabilities & ImapCapabilities.MultiAppend) != 0 ? 1 : 4;
        await using var targets = new TargetConnections(job.Target, job.TargetLogin, targetMain, appenders);

        var (plan, layout) = await PlanWithLayoutAsync(source, targetMain, job.UserRoot, options.Folders, cancellationToken);
        var gone = await FolderRenames.ApplyAsync(source, targetMain, mailboxLedger, plan, cancellationToken);
        foreach (var (folder, targetFolder, vanished) in gone)
            CountersFor(counters, folder, targetFolder).AddVanished(vanished);

        var sync = new FolderSync(source, targets, mailboxLedger, options, memory, layout.ListedUidValidities);
        var pass = new PassState(plan.Migrated.Where(m => m.Source.CanHoldMessages).Select(m => m.Source.FullName));
        foreach (var mapping in plan.Migrated)
        {
            if (!mapping.Source.CanHoldMessages)
            {
                await FolderDiscovery.EnsureTargetFolderAsync(targetMain, mapping.TargetName!, cancellationToken);
                continue;
            }

            var folderCounters = CountersFor(counters, mapping.Source.FullName, mapping.TargetName!);
            await InFolderAsync(job, mapping, folderCounters, () => sync.RunAsync(mapping, folderCounters, pass, Progress(job, mapping, folderCounters, counters, progress), cancellationToken));
        }

        // New messages that matched messages of folders synced after theirs: those folders have said by now whether
        // the messages left them (moved) or are still there (copied too).
        foreach (var held in pass.TakeDeferred())
        {
            var folderCounters = CountersFor(counters, held.Mapping.Source.FullName, held.Mapping.TargetName!);
            await InFolderAsync(job, held.Mapping, folderCounters,
                () => sync.RunDeferredAsync(held.Mapping, held.Candidates, held.Clean, folderCounters, pass, Progress(job, held.Mapping, folderCounters, counters, progress), cancellationToken));
        }

        if (options.SourceDeletions == SourceDeletions.Mirror)
        {
            var expunged = await TargetExpunger.ExpungeAsync(targetMain, mailboxLedger, await mailboxLedger.LoadVanishedAsync(cancellationToken), cancellationToken);
            foreach (var group in expunged.GroupBy(e => e.SourceFolder))
                CountersFor(counters, group.Key, group.First().Entry.TargetFolder).AddRemovedOnTarget(group.Count());
        }

        // Last, when every move out of them is done: what gone folders left empty on the target.
        foreach (var deleted in await EmptiedTargetFolders.DeleteAsync(targetMain, gone.Select(g => g.TargetFolder), plan, layout, cancellationToken))
            Log.EmptiedTargetFolderDeleted(_logger, job.EmailAddress, deleted);
    }

    private static FolderCounters CountersFor(Dictionary<string, FolderCounters> counters, string sourceFolder, string targetFolder)
    {
        if (!counters.TryGetValue(sourceFolder, out var folderCounters))
            counters[sourceFolder] = folderCounters = new FolderCounters(sourceFolder, targetFolder);
        return folderCounters;
    }

    /// <summary>
    /// The folder's progress callback. What the pass copied in its other folders is summed as the folder starts
    /// (folders are synced one after another, so no other folder's counters move meanwhile); the folder's own
    /// counters are read at each report, which its appenders make from several connections at once.
    /// </summary>
    private static Action<int, int> Progress(
        MailboxJob job, FolderMapping mapping, FolderCounters folder, Dictionary<string, FolderCounters> counters, IProgress<MigrationProgress>? progress)
    {
        if (progress is null)
            return static (_, _) => { };
        var others = Copied(counters.Values.Where(c => !ReferenceEquals(c, folder)));
        return (copied, total) => progress.Report(new MigrationProgress(job.EmailAddress, mapping.Source.DisplayPath, copied, total)
        {
            PassCopied = others.Messages + folder.Copied,
            PassBytes = others.Bytes + folder.Bytes,
        });
    }

    /// <summary>A wait (throttled, or before a retry), with what the pass has copied so far.</summary>
    private static MigrationProgress Waiting(MailboxJob job, Dictionary<string, FolderCounters> counters, string status)
    {
        var (messages, bytes) = Copied(counters.Values);
        return new(job.EmailAddress, "", 0, 0, status) { PassCopied = messages, PassBytes = bytes };
    }

    /// <summary>The messages and bytes these folders have copied so far, in one walk over them.</summary>
    private static (int Messages, long Bytes) Copied(IEnumerable<FolderCounters> folders)
    {
        var (messages, bytes) = (0, 0L);
        foreach (var folder in folders)
            (messages, bytes) = (messages + folder.Copied, bytes + folder.Bytes);
        return (messages, bytes);
    }

    /// <summary>Runs one folder's work; a failure that is this folder's alone is recorded and the pass goes on.</summary>
    private async Task InFolderAsync(MailboxJob job, FolderMapping mapping, FolderCounters folderCounters, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (FolderFailure(ex) is { } reason)
        {
            // This folder cannot be synced (its target folder was refused, a SELECT or FETCH on it was refused, it
            // was deleted since the listing); the connections are fine, so the other folders go on.
            folderCounters.Fail(new SkippedItem(mapping.Source.DisplayPath, 0, 0, $"failed: folder not synced: {reason}"));
            Log.FolderFailed(_logger, job.EmailAddress, mapping.Source.DisplayPath, reason);
        }
    }

    /// <summary>Why a failure is this folder's alone, or null when it ends the attempt (connection, login, ledger, a bug).</summary>
    private static string? FolderFailure(Exception exception) => exception switch
    {
        ImapFailure { Kind: ImapFailureKind.PerItem } failure => failure.Message,
        ImapCommandException command when !ImapFailureClassifier.IsBusy(command.ResponseText) => $"refused by the server ({command.Response} {command.ResponseText})",
        FolderNotFoundException => "the folder no longer exists on the source (deleted or renamed since the listing); the next pass sees it as it is then",
        _ => null,
    };

    /// <summary>The folder plan for one mailbox, read from both servers.</summary>
    public static async Task<FolderPlan> PlanAsync(ImapClient source, ImapClient target, string? userRoot, FolderFilter filter, CancellationToken cancellationToken) =>
        (await PlanWithLayoutAsync(source, target, userRoot, filter, cancellationToken)).Plan;

    /// <summary>The folder plan, and the target's layout it was made for (with what the target's listing said of each folder).</summary>
    private static async Task<(FolderPlan Plan, TargetLayout Layout)> PlanWithLayoutAsync(
        ImapClient source, ImapClient target, string? userRoot, FolderFilter filter, CancellationToken cancellationToken)
    {
        // Both listings at once: they are one round trip or two each, on separate connections.
        var folders = FolderDiscovery.ListSourceAsync(source, userRoot, cancellationToken);
        var layout = FolderDiscovery.ReadTargetAsync(target, cancellationToken);
        await Task.WhenAll(folders, layout); // when both fail, the source's failure is the one rethrown, as when listed in turn
        return (FolderPlanner.Build(folders.Result, layout.Result, filter), layout.Result);
    }

    /// <summary>
    /// Connects and logs in to both servers at once (each login is a few round trips, and an unchanged mailbox costs
    /// little more). When either fails, the other connection is closed and the source's failure is the one said
    /// when both failed, as when they were opened one after the other.
    /// </summary>
    private static async Task<(ImapClient Source, ImapClient Target)> OpenBothAsync(MailboxJob job, CancellationToken cancellationToken)
    {
        var source = OpenAsync(job.Source, job.SourceLogin, "source", cancellationToken);
        var target = OpenAsync(job.Target, job.TargetLogin, "target", cancellationToken);
        try
        {
            await Task.WhenAll(source, target);
        }
        catch
        {
            if (source.IsCompletedSuccessfully)
                source.Result.Dispose();
            if (target.IsCompletedSuccessfully)
                target.Result.Dispose();
            throw; // awaiting WhenAll rethrows the first failure in task order: the source's, when both failed
        }

        return (source.Result, target.Result);
    }

    private static async Task<ImapClient> OpenAsync(ImapEndpoint endpoint, ImapLogin login, string side, CancellationToken cancellationToken)
    {
        try
        {
            return await ImapSession.OpenAsync(endpoint, login, cancellationToken);
        }
        catch (ImapFailure failure)
        {
            throw new ImapFailure(failure.Kind, $"{side}: {failure.Message}", failure.InnerException, failure.RetryAfter, failure.Busy);
        }
    }
}
