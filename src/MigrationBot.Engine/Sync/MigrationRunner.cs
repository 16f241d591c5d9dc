using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Runs one pass over many mailboxes, several at once up to the configured limit, and reports on all of them.
/// <paramref name="memory"/> is the process's one budget for message bytes in flight, shared with every other run;
/// <paramref name="hosts"/> the process's one governor of mailboxes per target host (a new one when not given,
/// for a process that runs one migration at a time, as the CLI does).
/// </summary>
public sealed class MigrationRunner(
    MigrationLedger ledger, MemoryBudget memory, MigrationOptions options, TimeProvider time, ILogger<MigrationRunner>? logger = null, HostGovernor? hosts = null)
{
    public async Task<MigrationReport> RunAsync(IReadOnlyList<MailboxJob> jobs, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var started = time.GetUtcNow();
        var reports = new MailboxReport[jobs.Count];
        var migrator = new MailboxMigrator(ledger, options, time, memory, hosts ?? new HostGovernor(time, options.MaxConcurrentMailboxes), logger);
        // Cancellation reaches each mailbox through its own token, so a cancelled run still returns: the mailboxes
        // that ran report what they did, those not yet started say so.
        await Parallel.ForEachAsync(
            Enumerable.Range(0, jobs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentMailboxes },
            async (i, _) => reports[i] = cancellationToken.IsCancellationRequested
                ? new MailboxReport(jobs[i].EmailAddress, MailboxOutcome.Cancelled, "cancelled before this mailbox started", [], time.GetUtcNow(), TimeSpan.Zero)
                : await migrator.RunAsync(jobs[i], progress, cancellationToken));
        return new MigrationReport(started, time.GetUtcNow(), reports);
    }
}
