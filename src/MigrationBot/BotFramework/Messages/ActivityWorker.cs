using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Messages;

/// <summary>
/// Handles queued activities: one loop per queue partition, each in arrival order (so a conversation's
/// replies keep their order), each activity in its own DI scope. A failing activity is logged and does not
/// stop its loop.
/// </summary>
public sealed class ActivityWorker(ActivityQueue queue, IServiceScopeFactory scopes, ILogger<ActivityWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(queue.Partitions.Select(partition => RunAsync(partition, stoppingToken)));

    private async Task RunAsync(ChannelReader<InboundActivity> partition, CancellationToken stoppingToken)
    {
        // Leave the host's start-up path at once; the loops run on the thread pool.
        await Task.Yield();
        try
        {
            await foreach (var activity in partition.ReadAllAsync(stoppingToken))
            {
                await HandleAsync(activity, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task HandleAsync(InboundActivity activity, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<IActivityHandler>();
            await handler.OnActivityAsync(activity, stoppingToken);
            Log.ActivityHandled(logger, activity.Type, activity.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.ActivityHandlerFailed(logger, ex, activity.Type, activity.Id);
        }
    }
}
