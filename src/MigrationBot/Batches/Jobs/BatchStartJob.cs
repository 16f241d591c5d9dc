using MigrationBot.Batches.Runs;
using Quartz;

namespace MigrationBot.Batches.Jobs;

/// <summary>
/// Runs a batch's preflight, then schedules its mailbox syncs (<see cref="BatchStarter"/>): it waits for a database that
/// goes away meanwhile, and is re-run after a crash (the start goes on from the state it finds).
/// </summary>
[DisallowConcurrentExecution]
public sealed class BatchStartJob(BatchStarter starter) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await starter.StartAsync(BatchJobKeys.BatchId(context), cancellationToken);
}
