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

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Seen.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Seen.Count >= count, $"expected {count} handled activities, saw {Seen.Count}");
    }
}
