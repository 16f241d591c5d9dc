using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Messages;

/// <summary>
/// Authenticated non-invoke activities waiting for <see cref="ActivityWorker"/>, in partitions keyed by
/// conversation: one conversation's activities stay in order, while a slow or throttled conversation does
/// not hold up the others. Bounded: when a partition is full the endpoint answers 503 rather than holding
/// the Connector's request past its 15 s timeout.
/// </summary>
public sealed class ActivityQueue
{
    private readonly Channel<InboundActivity>[] _partitions;
    private long _enqueued;

    public ActivityQueue(IOptions<BotOptions> options)
    {
        Capacity = options.Value.ActivityQueueCapacity;
        _partitions = [.. Enumerable.Range(0, options.Value.ActivityWorkers).Select(_ => Channel.CreateBounded<InboundActivity>(
            new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))];
    }

    /// <summary>Activities one partition holds before the endpoint answers 503.</summary>
    public int Capacity { get; }

    /// <summary>How many activities were ever accepted (a counter for tests and diagnostics).</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Activities accepted and not yet taken by a worker, over every partition (the queue-depth gauge).</summary>
    public int Depth => _partitions.Sum(p => p.Reader.Count);

    public IReadOnlyList<ChannelReader<InboundActivity>> Partitions => [.. _partitions.Select(p => p.Reader)];

    public bool TryEnqueue(InboundActivity activity)
    {
        var key = activity.Conversation?.Id ?? string.Empty;
        var partition = _partitions[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_partitions.Length)];
        if (!partition.Writer.TryWrite(activity))
        {
            return false;
        }

        Interlocked.Increment(ref _enqueued);
        return true;
    }
}
