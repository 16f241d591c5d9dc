using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MigrationBot.BotFramework.Messages;

/// <summary>
/// Handles queued activities one at a time, in arrival order (so a conversation's replies keep their order),
/// each in its own DI scope. A failing activity is logged and does not stop the worker.
/// </summary>
public sealed class ActivityWorker(ActivityQueue queue, IServiceScopeFactory scopes, ILogger<ActivityWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var activity in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var handler = scope.ServiceProvider.GetRequiredService<IActivityHandler>();
                await handler.OnActivityAsync(activity, stoppingToken);
                Log.ActivityHandled(logger, activity.Type, activity.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.ActivityHandlerFailed(logger, ex, activity.Type, activity.Id);
            }
        }
    }
}
