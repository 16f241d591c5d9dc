using MigrationBot.Batches.Runs;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>
/// One pass over one mailbox of a batch: initial, incremental or final, as the batch's state says. Keyed by batch
/// and mailbox, never two at once for one mailbox, re-run after a crash; the ledger makes a re-run copy nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MailboxSyncJob(MailboxPassRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(BatchJobKeys.BatchId(context), context.MergedJobDataMap.GetString(BatchJobKeys.EmailAddressKey)!, cancellationToken);
}
