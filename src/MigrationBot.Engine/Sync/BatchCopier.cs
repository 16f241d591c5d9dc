using System.Threading.Channels;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using MimeKit;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Copies the new messages of one folder: a producer FETCHes bodies from the source in batches while one or more
/// appenders APPEND earlier batches to the target (MULTIAPPEND where offered, otherwise one APPEND per message on
/// several connections). Each batch is marked in flight in the ledger before its APPEND and committed with the
/// APPENDUID results after it. A bounded channel keeps at most a few batches in memory.
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
    // Messages above this size are fetched alone into MailKit's own buffer rather than copied out of a batch FETCH.
    private const long LargeMessage = 1024 * 1024;

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
        var loaded = await FetchAsync(batch, cancellationToken);
        foreach (var candidate in batch)
            outstanding[candidate.ContentKey] = loaded.Done.Task;
        await writer.WriteAsync(loaded, cancellationToken);
    }

    private async Task<CopyBatch> FetchAsync(List<MessageCandidate> batch, CancellationToken cancellationToken)
    {
        var messages = new MimeMessage?[batch.Count];
        var lease = await memory.AcquireAsync(batch.Sum(c => c.Size), cancellationToken);
        try
        {
            if (batch.Count == 1 && batch[0].Size > LargeMessage)
            {
                // Fetched alone, so one large message never waits behind (or holds up) a batch FETCH.
                await using var stream = await ((ImapFolder)source).GetStreamAsync(new UniqueId(batch[0].Uid), cancellationToken);
                messages[0] = await LoadFetchedAsync(stream, cancellationToken);
            }
            else
            {
                var index = batch.Select((c, i) => (c.Uid, i)).ToDictionary(x => x.Uid, x => x.i);
                await ((ImapFolder)source).GetStreamsAsync(
                    batch.Select(c => new UniqueId(c.Uid)).ToList(),
                    async (_, _, uid, stream, ct) => messages[index[uid.Id]] = await LoadFetchedAsync(stream, ct),
                    cancellationToken);
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
        return new CopyBatch(present, messages.Where(m => m is not null).Select(m => m!).ToList(), lease);
    }

    /// <summary>
    /// The message in a stream MailKit fetched. Its pooled buffer is taken over (MailKit disposes the stream once
    /// its callback returns, and the large-message path disposes it too); any other stream is copied out.
    /// </summary>
    private static Task<MimeMessage> LoadFetchedAsync(Stream stream, CancellationToken cancellationToken) =>
        stream is FetchedMessageStream fetched
            ? RawMessage.LoadAsync(fetched.TakeContent(), cancellationToken)
            : RawMessage.CopyAndLoadAsync(stream, cancellationToken);

    /// <summary>
    /// One APPEND connection's loop. When another part of the copy fails (<paramref name="stop"/>), it finishes the
    /// APPEND it is sending rather than cutting it off mid-command (which would leave that message's fate to
    /// recovery) and takes no further message; only <paramref name="cancellationToken"/> aborts an APPEND.
    /// </summary>
    private async Task AppendLoopAsync(int appender, ChannelReader<CopyBatch> reader, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        try
        {
            var client = await targets.AppenderAsync(appender, stop.Token);
            // Appender 0 shares the main connection, on which the folder pass already opened the target folder.
            var folder = appender == 0 ? target : await client.GetFolderAsync(target.FullName, stop.Token);
            await foreach (var batch in reader.ReadAllAsync(stop.Token))
            {
                using (batch)
                {
                    try
                    {
                        await AppendAsync(folder, batch, stop.Token, cancellationToken);
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

    private async Task AppendAsync(IMailFolder folder, CopyBatch batch, CancellationToken stopping, CancellationToken cancellationToken)
    {
        if (batch.Candidates.Count == 0)
            return;
        var entries = batch.Candidates.Select(c => new LedgerEntry(
            c.Uid, LedgerState.InFlight, c.ContentKey, c.Size, target.FullName, null, targetMarker, c.Flags, c.Keywords, null)).ToList();
        await ledger.MarkInFlightAsync(source.FullName, source.UidValidity, entries, cancellationToken);

        var requests = batch.Candidates.Select((c, i) =>
        {
            var (stored, _) = keywords.Split(c.Keywords);
            return (IAppendRequest)new AppendRequest(batch.Messages[i], c.Flags, stored, c.InternalDate);
        }).ToList();

        var commits = new List<Commit>(requests.Count);
        var refused = new List<(MessageCandidate Candidate, string Reason)>();
        try
        {
            if (targets.HasMultiAppend && requests.Count > 1)
            {
                try
                {
                    var uids = await folder.AppendAsync(requests, cancellationToken);
                    if (uids.Count != requests.Count)
                        throw new ImapFailure(ImapFailureKind.Fatal, $"the target did not report the UIDs of appended messages (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs it to copy exactly once");
                    for (var i = 0; i < uids.Count; i++)
                        commits.Add(NewCommit(batch.Candidates[i], uids[i].Id));
                }
                catch (ImapCommandException ex) when (!ImapFailureClassifier.IsBusy(ex.ResponseText))
                {
                    // MULTIAPPEND is all-or-nothing (RFC 3502): nothing was stored. Find the culprit one message at a time.
                    commits.Clear();
                    await AppendOneByOneAsync(folder, batch, requests, commits, refused, stopping, cancellationToken);
                }
            }
            else
            {
                await AppendOneByOneAsync(folder, batch, requests, commits, refused, stopping, cancellationToken);
            }
        }
        catch (Exception) when (commits.Count > 0 || refused.Count > 0)
        {
            // Throttled or disconnected part-way: what the target acknowledged (or refused) is recorded now, so the
            // retry neither looks it up again nor counts the pass as one without progress. The rest stays in flight
            // for recovery.
            await RecordAsync(batch, commits, refused, CancellationToken.None);
            throw;
        }

        await RecordAsync(batch, commits, refused, cancellationToken);
        if (counters.Failed > options.MaxErrorsPerMailbox)
            throw new ImapFailure(ImapFailureKind.Fatal, $"more than {options.MaxErrorsPerMailbox} messages failed in this mailbox; stopped (raise the error limit to go on)");
    }

    private async Task RecordAsync(CopyBatch batch, List<Commit> commits, List<(MessageCandidate Candidate, string Reason)> refused, CancellationToken cancellationToken)
    {
        await ledger.CommitAsync(source.FullName, source.UidValidity, commits, cancellationToken);
        if (refused.Count > 0)
            await ledger.ForgetInFlightAsync(source.FullName, source.UidValidity, refused.Select(r => r.Candidate.Uid), cancellationToken);

        foreach (var (candidate, reason) in refused)
            counters.Fail(new SkippedItem(source.FullName, candidate.Uid, candidate.Size, reason));
        var sizes = batch.Candidates.ToDictionary(c => c.Uid, c => c.Size);
        counters.AddCopied(
            commits.Count,
            commits.Sum(c => sizes[c.SourceUid]),
            commits.Where(c => c.KeywordsNotStored is not null).Select(c => new UnstoredKeywords(source.FullName, c.SourceUid, c.KeywordsNotStored!)));
        progress(commits.Count);
    }

    private async Task AppendOneByOneAsync(
        IMailFolder folder, CopyBatch batch, List<IAppendRequest> requests, List<Commit> commits, List<(MessageCandidate, string)> refused,
        CancellationToken stopping, CancellationToken cancellationToken)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            // The copy is stopping: what was sent is recorded by the caller; the rest stays in flight, never sent.
            stopping.ThrowIfCancellationRequested();
            try
            {
                var uid = await folder.AppendAsync(requests[i], cancellationToken)
                    ?? throw new ImapFailure(ImapFailureKind.Fatal, "the target did not report the UID of an appended message (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs it to copy exactly once");
                commits.Add(NewCommit(batch.Candidates[i], uid.Id));
            }
            catch (ImapCommandException ex) when (!ImapFailureClassifier.IsBusy(ex.ResponseText))
            {
                refused.Add((batch.Candidates[i], $"failed: refused by the target ({ex.Response} {ex.ResponseText})"));
            }
        }
    }

    private Commit NewCommit(MessageCandidate candidate, uint targetUid) =>
        new(candidate.Uid, targetUid, keywords.Split(candidate.Keywords).NotStored);
}
