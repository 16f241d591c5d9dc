using System.Collections.Concurrent;
using Quartz;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>A Quartz job listener that records which jobs were about to run.</summary>
public sealed class JobRecorder : IJobListener
{
    private readonly ConcurrentQueue<JobKey> _fired = new();

    public string Name => nameof(JobRecorder);

    public IReadOnlyList<JobKey> Fired => [.. _fired];

    ValueTask IJobListener.JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        _fired.Enqueue(context.JobDetail.Key);
        return ValueTask.CompletedTask;
    }

    public async Task WaitForAsync(JobKey key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_fired.Contains(key) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }
}
