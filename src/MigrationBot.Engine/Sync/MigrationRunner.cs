using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Runs one pass over many mailboxes, several at once up to the configured limit, and reports on all of them.
/// <paramref name="memory"/> is the process's one budget for message bytes in flight, shared with every other run.
/// </summary>
public sealed class MigrationRunner(MigrationLedger ledger, MemoryBudget memory, MigrationOptions options, TimeProvider time, ILogger<MigrationRunner>? logger = null)
{
    public async Task<MigrationReport> RunAsync(IReadOnlyList<MailboxJob> jobs, IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var started = time.GetUtcNow();
        var reports = new MailboxReport[jobs.Count];
        var migrator = new MailboxMigrator(ledger, options, time, memory, logger);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, jobs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentMailboxes, CancellationToken = cancellationToken },
            async (i, ct) => reports[i] = await migrator.RunAsync(jobs[i], progress, ct));
        return new MigrationReport(started, time.GetUtcNow(), reports);
    }
}
