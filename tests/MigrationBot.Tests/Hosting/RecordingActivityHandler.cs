using System.Collections.Concurrent;
using MigrationBot.BotFramework.Messages;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Tests.Hosting;

/// <summary>Stands in for the bot's behaviour and remembers every activity that reached it.</summary>
public sealed class RecordingActivityHandler : IActivityHandler
{
    public ConcurrentQueue<InboundActivity> Seen { get; } = new();

    public Task<InvokeResponse> OnInvokeAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        Seen.Enqueue(activity);
        return Task.FromResult(new InvokeResponse(200));
    }

    public Task OnActivityAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        Seen.Enqueue(activity);
        return Task.CompletedTask;
    }

    public async Task WaitForAsync(string activityId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Seen.Any(a => a.Id == activityId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Seen.Any(a => a.Id == activityId), $"activity {activityId} was not handled within {timeout}");
    }
}
