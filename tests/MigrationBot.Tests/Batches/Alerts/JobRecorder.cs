using System.Collections.Concurrent;
using Quartz;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>A Quartz job listener that records which jobs were about to run, and which ran.</summary>
public sealed class JobRecorder : IJobListener
{
    private readonly ConcurrentQueue<JobKey> _fired = new();
    private readonly ConcurrentQueue<JobKey> _finished = new();

    public string Name => nameof(JobRecorder);

    public IReadOnlyList<JobKey> Fired => [.. _fired];

    ValueTask IJobListener.JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        _fired.Enqueue(context.JobDetail.Key);
        return ValueTask.CompletedTask;
    }

    ValueTask IJobListener.JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        _finished.Enqueue(context.JobDetail.Key);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until <paramref name="key"/> has run to its end <paramref name="times"/> times.</summary>
    public async Task WaitForRunsAsync(JobKey key, int times, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_finished.Count(k => k.Equals(key)) < times)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{key} ran {_finished.Count(k => k.Equals(key))} of {times} time(s)");
            await Task.Delay(20);
        }
    }

    public async Task WaitForAsync(JobKey key, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_fired.Contains(key) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
    }
}
