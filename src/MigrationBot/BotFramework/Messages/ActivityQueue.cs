using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Messages;

/// <summary>
/// Authenticated non-invoke activities waiting for <see cref="ActivityWorker"/>. Bounded: when full the
/// endpoint answers 503 rather than holding the Connector's request past its 15 s timeout.
/// </summary>
public sealed class ActivityQueue(IOptions<BotOptions> options)
{
    private readonly Channel<InboundActivity> _channel = Channel.CreateBounded<InboundActivity>(
        new BoundedChannelOptions(options.Value.ActivityQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private long _enqueued;

    public int Capacity => options.Value.ActivityQueueCapacity;

    /// <summary>How many activities were ever accepted (a counter for tests and diagnostics).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    public ChannelReader<InboundActivity> Reader => _channel.Reader;

    public bool TryEnqueue(InboundActivity activity)
    {
        if (!_channel.Writer.TryWrite(activity))
        {
            return false;
        }

        Interlocked.Increment(ref _enqueued);
        return true;
    }
}
