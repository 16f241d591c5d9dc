using System.Diagnostics;
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
/// authentication or connection failure ends this mailbox with a clear reason while the others go on.
/// </summary>
public sealed class MailboxMigrator(MigrationLedger ledger, MigrationOptions options, TimeProvider time, MemoryBudget memory, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<MailboxReport> RunAsync(MailboxJob job, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var counters = new Dictionary<string, FolderCounters>(StringComparer.Ordinal);
        await using var mailboxLedger = await ledger.ForMailboxAsync(job.EmailAddress, cancellationToken);
        Log.MailboxStarted(_logger, job.EmailAddress);

        // Retries count failures in a row without progress: a large mailbox that Exchange throttles every few
        // thousand messages keeps going, while one that fails again and again without copying anything stops.
        var attempt = 0;
        var copiedAtLastFailure = 0;
        while (true)
        {
            try
            {
                await PassAsync(job, mailboxLedger, counters, progress, cancellationToken);
                var folders = counters.Values.Select(c => c.ToStatistics()).ToList();
                var outcome = folders.Any(f => f.Failed > 0) ? MailboxOutcome.CompletedWithErrors : MailboxOutcome.Succeeded;
                var error = outcome == MailboxOutcome.Succeeded ? null : $"{folders.Sum(f => f.Failed)} messages failed";
                var report = new MailboxReport(job.EmailAddress, outcome, error, folders, started, clock.Elapsed);
                Log.MailboxFinished(_logger, job.EmailAddress, outcome, report.Copied, report.Skipped, report.Failed, report.Bytes, clock.Elapsed.TotalSeconds);
                return report;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failure = ImapFailureClassifier.Classify(ex, job.EmailAddress);
                if (ImapFailureClassifier.IsUnexpected(ex))
                    Log.UnexpectedError(_logger, job.EmailAddress, ex);
                var copied = counters.Values.Sum(c => c.Copied);
                attempt = copied > copiedAtLastFailure ? 1 : attempt + 1;
                copiedAtLastFailure = copied;
                if (failure.Kind == ImapFailureKind.Transient && attempt <= options.MaxTransientRetries)
                {
                    var delay = Backoff.Delay(attempt, options.InitialBackoff, options.MaxBackoff, failure.RetryAfter);
                    progress?.Report(new MigrationProgress(job.EmailAddress, "", 0, 0, $"retrying in {delay.TotalSeconds:0.#} s: {failure.Message}"));
                    Log.TransientRetry(_logger, job.EmailAddress, attempt, delay.TotalSeconds, failure.Message);
                    foreach (var folder in counters.Values)
                        folder.ResetForRetry();
                    await Task.Delay(delay, time, cancellationToken);
                    continue;
                }

                var outcome = failure.Kind switch
                {
                    ImapFailureKind.Authentication => MailboxOutcome.AuthenticationFailed,
                    ImapFailureKind.Connection => MailboxOutcome.ConnectionFailed,
                    _ => MailboxOutcome.Failed,
                };
                Log.MailboxFailed(_logger, job.EmailAddress, outcome, failure.Message);
                return new MailboxReport(job.EmailAddress, outcome, failure.Message, counters.Values.Select(c => c.ToStatistics()).ToList(), started, clock.Elapsed);
            }
        }
    }

    private async Task PassAsync(
        MailboxJob job, MailboxLedger mailboxLedger, Dictionary<string, FolderCounters> counters, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        using var source = await OpenAsync(job.Source, job.SourceLogin, "source", cancellationToken);
        var targetMain = await OpenAsync(job.Target, job.TargetLogin, "target", cancellationToken);
        var appenders = options.AppendConnectionsPerMailbox > 0
            ? options.AppendConnectionsPerMailbox
            : (targetMain.Capabilities & ImapCapabilities.MultiAppend) != 0 ? 1 : 4;
        await using var targets = new TargetConnections(job.Target, job.TargetLogin, targetMain, appenders);

        var plan = await PlanAsync(source, targetMain, job.UserRoot, options.Folders, cancellationToken);
        var sync = new FolderSync(source, targets, mailboxLedger, options, memory);
        foreach (var mapping in plan.Migrated)
        {
            if (!mapping.Source.CanHoldMessages)
            {
                await FolderDiscovery.EnsureTargetFolderAsync(targetMain, mapping.TargetName!, cancellationToken);
                continue;
            }

            var key = mapping.Source.FullName;
            if (!counters.TryGetValue(key, out var folderCounters))
                counters[key] = folderCounters = new FolderCounters(key, mapping.TargetName!);
            try
            {
                await sync.RunAsync(mapping, folderCounters, (copied, total) =>
                    progress?.Report(new MigrationProgress(job.EmailAddress, mapping.Source.DisplayPath, copied, total)), cancellationToken);
            }
            catch (ImapFailure failure) when (failure.Kind == ImapFailureKind.PerItem)
            {
                // This folder cannot be synced (its target folder was refused, a command on it was refused); the rest go on.
                folderCounters.Fail(new SkippedItem(mapping.Source.DisplayPath, 0, 0, $"failed: folder not synced: {failure.Message}"));
                Log.FolderFailed(_logger, job.EmailAddress, mapping.Source.DisplayPath, failure.Message);
            }
        }
    }

    /// <summary>The folder plan for one mailbox, read from both servers.</summary>
    public static async Task<FolderPlan> PlanAsync(ImapClient source, ImapClient target, string? userRoot, FolderFilter filter, CancellationToken cancellationToken)
    {
        var folders = await FolderDiscovery.ListSourceAsync(source, userRoot, cancellationToken);
        var layout = await FolderDiscovery.ReadTargetAsync(target, cancellationToken);
        return FolderPlanner.Build(folders, layout, filter);
    }

    private static async Task<ImapClient> OpenAsync(ImapEndpoint endpoint, ImapLogin login, string side, CancellationToken cancellationToken)
    {
        try
        {
            return await ImapSession.OpenAsync(endpoint, login, cancellationToken);
        }
        catch (ImapFailure failure)
        {
            throw new ImapFailure(failure.Kind, $"{side}: {failure.Message}", failure.InnerException, failure.RetryAfter);
        }
    }
}
