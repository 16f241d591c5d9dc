using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// FETCHes one batch of message bodies from the source into memory taken from the process-wide budget. A message
/// the source will not give (some servers refuse the whole FETCH for one unreadable message) fails alone: the batch
/// is fetched again one message at a time to find it, and the rest of the batch goes on.
/// </summary>
internal sealed class BatchFetcher(IMailFolder source, MemoryBudget memory)
{
    // Messages above this size are fetched alone into MailKit's own buffer rather than copied out of a batch FETCH.
    private const long LargeMessage = 1024 * 1024;

    /// <returns>The messages read (in candidate order) and those the source refused to give, with its words.</returns>
    public async Task<(CopyBatch Batch, IReadOnlyList<SkippedItem> Unreadable)> FetchAsync(IReadOnlyList<MessageCandidate> batch, CancellationToken cancellationToken)
    {
        var messages = new SourceMessage?[batch.Count];
        var unreadable = new List<SkippedItem>();
        var lease = await memory.AcquireAsync(batch.Sum(c => c.Size), cancellationToken);
        try
        {
            if (batch.Count == 1 && batch[0].Size > LargeMessage)
            {
                // Fetched alone, so one large message never waits behind (or holds up) a batch FETCH.
                await FetchEachAsync(batch, messages, unreadable, cancellationToken);
            }
            else
            {
                try
                {
                    var index = batch.Select((c, i) => (c.Uid, i)).ToDictionary(x => x.Uid, x => x.i);
                    await ((ImapFolder)source).GetStreamsAsync(
                        batch.Select(c => new UniqueId(c.Uid)).ToList(),
                        (_, _, uid, stream, ct) =>
                        {
                            if (index.TryGetValue(uid.Id, out var i) && messages[i] is null)
                                messages[i] = Take(stream);
                            return Task.CompletedTask;
                        },
                        cancellationToken);
                }
                catch (ImapCommandException ex) when (!ImapFailureClassifier.IsBusy(ex.ResponseText))
                {
                    await FetchEachAsync(batch, messages, unreadable, cancellationToken);
                }
            }
        }
        catch
        {
            foreach (var message in messages)
                message?.Dispose();
            lease.Dispose();
            throw;
        }

        // A message expunged on the source between the listing and the FETCH has no body: it is left out of the batch.
        var present = batch.Where((_, i) => messages[i] is not null).ToList();
        return (new CopyBatch(present, messages.OfType<SourceMessage>().ToList(), lease), unreadable);
    }

    /// <summary>Fetches, one at a time, each message of the batch not read yet; a refusal fails that message alone.</summary>
    private async Task FetchEachAsync(IReadOnlyList<MessageCandidate> batch, SourceMessage?[] messages, List<SkippedItem> unreadable, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (messages[i] is not null)
                continue;
            try
            {
                await using var stream = await source.GetStreamAsync(new UniqueId(batch[i].Uid), cancellationToken);
                messages[i] = Take(stream);
            }
            catch (MessageNotFoundException)
            {
                // Expunged on the source since the listing: nothing to copy.
            }
            catch (ImapCommandException ex) when (!ImapFailureClassifier.IsBusy(ex.ResponseText))
            {
                unreadable.Add(new SkippedItem(source.FullName, batch[i].Uid, batch[i].Size, $"failed: the source would not give the message ({ex.Response} {ex.ResponseText})"));
            }
        }
    }

    /// <summary>
    /// The message in a stream MailKit fetched. Its pooled buffer is taken over (MailKit disposes the stream once
    /// its callback returns, and the single-message path disposes it too); any other stream is copied out.
    /// </summary>
    private static SourceMessage Take(Stream stream) =>
        stream is FetchedMessageStream fetched
            ? new SourceMessage(fetched.TakeContent())
            : CopyOut(stream);

    private static SourceMessage CopyOut(Stream stream)
    {
        var buffer = MessageBuffers.Rent(stream.CanSeek ? stream.Length : 0);
        stream.CopyTo(buffer);
        return new SourceMessage(buffer);
    }
}
