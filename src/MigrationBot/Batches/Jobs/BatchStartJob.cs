using MigrationBot.Batches.Runs;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>Runs a batch's preflight, then schedules its mailbox syncs. Re-run after a crash (preflight is idempotent).</summary>
[DisallowConcurrentExecution]
public sealed class BatchStartJob(BatchStarter starter) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await starter.StartAsync(BatchJobKeys.BatchId(context), cancellationToken);
}
