using System.Threading.Channels;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Copies the new messages of one folder: a producer FETCHes bodies from the source in batches while one or more
/// appenders APPEND earlier batches to the target (<see cref="BatchAppender"/>: one MULTIAPPEND where offered,
/// otherwise pipelined APPENDs on several connections). Two messages with one content key are never in flight at
/// once. A bounded channel keeps at most a few batches in memory.
/// </summary>
internal sealed class BatchCopier(
    IMailFolder source,
    TargetConnections targets,
    IMailFolder target,
    uint targetMarker,
    TargetKeywords keywords,
    MailboxLedger ledger,
    MigrationOptions options,
    MemoryBudget memory,
    FolderCounters counters,
    Action<int> progress)
{
    private readonly BatchFetcher _fetcher = new(source, memory);
    private readonly BatchAppender _appender = new(source, target, targetMarker, keywords, ledger, options, counters, progress, targets.HasMultiAppend);

    public async Task CopyAsync(IReadOnlyList<MessageCandidate> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
            return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<CopyBatch>(new BoundedChannelOptions(1) { SingleWriter = true });
        var appenders = Enumerable.Range(0, targets.AppenderCount).Select(i => AppendLoopAsync(i, channel.Reader, stop, cancellationToken)).ToList();
        var producer = ProduceAsync(candidates, channel.Writer, stop);
        try
        {
            await Task.WhenAll(appenders.Append(producer));
        }
        finally
        {
            while (channel.Reader.TryRead(out var leftover))
                leftover.Dispose();
        }
    }

    private async Task ProduceAsync(IReadOnlyList<MessageCandidate> candidates, ChannelWriter<CopyBatch> writer, CancellationTokenSource stop)
    {
        var outstanding = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            var batch = new List<MessageCandidate>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            long bytes = 0;
            var maxMessages = BatchLimit(candidates.Count);
            foreach (var candidate in candidates)
            {
                var conflict = keys.Contains(candidate.ContentKey) || outstanding.ContainsKey(candidate.ContentKey);
                var full = batch.Count >= maxMessages || (batch.Count > 0 && bytes + candidate.Size > options.BatchMaxBytes);
                if (batch.Count > 0 && (conflict || full))
                {
                    await SendAsync(batch, writer, outstanding, stop.Token);
                    batch = [];
                    keys.Clear();
                    bytes = 0;
                }

                // Two messages with one content key are never in flight at once, so recovery can tell them apart.
                if (outstanding.TryGetValue(candidate.ContentKey, out var pending))
                    await pending.WaitAsync(stop.Token);

                batch.Add(candidate);
                keys.Add(candidate.ContentKey);
                bytes += candidate.Size;
            }

            if (batch.Count > 0)
                await SendAsync(batch, writer, outstanding, stop.Token);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// Messages per batch. Without MULTIAPPEND each appender connection takes whole batches, so a folder smaller
    /// than appenders × the batch size is cut into one batch per appender instead of keeping all but one idle.
    /// </summary>
    private int BatchLimit(int candidates) =>
        targets.HasMultiAppend || targets.AppenderCount <= 1
            ? options.BatchMaxMessages
            : Math.Clamp((candidates + targets.AppenderCount - 1) / targets.AppenderCount, 1, options.BatchMaxMessages);

    private async Task SendAsync(List<MessageCandidate> batch, ChannelWriter<CopyBatch> writer, Dictionary<string, Task> outstanding, CancellationToken cancellationToken)
    {
        foreach (var done in outstanding.Where(o => o.Value.IsCompleted).Select(o => o.Key).ToList())
            outstanding.Remove(done);
        var (loaded, unreadable) = await _fetcher.FetchAsync(batch, cancellationToken);
        foreach (var item in unreadable)
            counters.Fail(item);
        foreach (var candidate in batch)
            outstanding[candidate.ContentKey] = loaded.Done.Task;
        try
        {
            await writer.WriteAsync(loaded, cancellationToken);
        }
        catch
        {
            // Not handed to an appender (the copy is stopping): its memory goes back to the budget here.
            loaded.Done.TrySetResult();
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One APPEND connection's loop: it takes batches until the channel ends or another part of the copy fails
    /// (<paramref name="stop"/>). A batch it has begun is finished (its answers read, its outcome recorded) before a
    /// cancellation takes effect, so no message's fate is left to guess.
    /// </summary>
    private async Task AppendLoopAsync(int appender, ChannelReader<CopyBatch> reader, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in reader.ReadAllAsync(stop.Token))
            {
                using (batch)
                {
                    try
                    {
                        var connection = await targets.AppenderAsync(appender, stop.Token);
                        await _appender.AppendAsync(connection, batch, cancellationToken);
                    }
                    catch (Exception ex) when (ex is IOException or ImapProtocolException or OperationCanceledException)
                    {
                        // The connection's state is unknown after this: the next batch opens a new one.
                        await targets.DropAppenderAsync(appender);
                        throw;
                    }
                    finally
                    {
                        batch.Done.TrySetResult();
                    }
                }
            }
        }
        catch (Exception)
        {
            await stop.CancelAsync();
            throw;
        }
    }
}
