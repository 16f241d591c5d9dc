using System.Threading.Channels;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Imap.Verbatim;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

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
    private readonly BatchFetcher _fetcher = new(source, memory);

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
    /// One APPEND connection's loop. When another part of the copy fails (<paramref name="stop"/>), it finishes the
    /// APPEND it is sending rather than cutting it off mid-command (which would leave that message's fate to
    /// recovery) and takes no further message; only <paramref name="cancellationToken"/> aborts an APPEND.
    /// </summary>
    private async Task AppendLoopAsync(int appender, ChannelReader<CopyBatch> reader, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        try
        {
            if (!targets.HasMultiAppend)
            {
                await PipelineLoopAsync(appender, reader, stop, cancellationToken);
                return;
            }

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

    /// <summary>An appender on a target without MULTIAPPEND: each batch's APPENDs go out pipelined on its own connection.</summary>
    private async Task PipelineLoopAsync(int appender, ChannelReader<CopyBatch> reader, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        await foreach (var batch in reader.ReadAllAsync(stop.Token))
        {
            using (batch)
            {
                try
                {
                    var connection = await targets.PipelineAsync(appender, stop.Token);
                    await AppendPipelinedAsync(connection, batch, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or ImapProtocolException or OperationCanceledException)
                {
                    await targets.DropPipelineAsync(appender);
                    throw;
                }
                finally
                {
                    batch.Done.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// One batch, pipelined: marked in flight, every APPEND sent at once, then each answer recorded. What the target
    /// took is committed, what it refused (not for being busy) fails alone, what it refused for being busy is known
    /// not stored and copied again after the backoff, and what got no answer (the connection failed) stays in
    /// flight for recovery.
    /// </summary>
    private async Task AppendPipelinedAsync(VerbatimAppendConnection connection, CopyBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Candidates.Count == 0)
            return;
        var entries = batch.Candidates.Select(c => new LedgerEntry(
            c.Uid, LedgerState.InFlight, c.ContentKey, c.Size, target.FullName, null, targetMarker, c.Flags, c.Keywords, null, c.InternalDate)).ToList();
        await ledger.MarkInFlightAsync(source.FullName, source.UidValidity, entries, cancellationToken);
        var items = batch.Candidates.Select((c, i) => new AppendItem(c.Flags, keywords.Split(c.Keywords).Stored, c.InternalDate, batch.Messages[i].Content)).ToList();
        var outcomes = new AppendOutcome?[items.Count];
        Exception? broken = null;
        try
        {
            await connection.AppendPipelinedAsync(target.FullName, items, outcomes, cancellationToken);
        }
        catch (Exception ex)
        {
            broken = ex;
        }

        var commits = new List<Commit>();
        var refused = new List<(MessageCandidate Candidate, string Reason)>();
        var busy = new List<(MessageCandidate Candidate, ImapCommandException Refusal)>();
        var missingUid = false;
        for (var i = 0; i < outcomes.Length; i++)
        {
            switch (outcomes[i])
            {
                case { Uid: { } uid }:
                    commits.Add(NewCommit(batch.Candidates[i], uid));
                    break;
                case { Refusal: { } refusal } when ImapFailureClassifier.IsBusy(refusal.ResponseText):
                    busy.Add((batch.Candidates[i], refusal));
                    break;
                case { Refusal: { } refusal }:
                    refused.Add((batch.Candidates[i], $"failed: refused by the target ({refusal.Response} {refusal.ResponseText})"));
                    break;
                case not null:
                    missingUid = true;
                    break;
            }
        }

        await RecordAsync(batch, commits, refused, CancellationToken.None);
        if (busy.Count > 0)
            await ledger.ForgetInFlightAsync(source.FullName, source.UidValidity, busy.Select(b => b.Candidate.Uid), CancellationToken.None);
        if (broken is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(broken);
        if (missingUid)
            throw new ImapFailure(ImapFailureKind.Fatal, "the target did not report the UID of an appended message (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs it to copy exactly once");
        if (busy.Count > 0)
            throw busy[0].Refusal;
        if (counters.Failed > options.MaxErrorsPerMailbox)
            throw new ImapFailure(ImapFailureKind.Fatal, $"more than {options.MaxErrorsPerMailbox} messages failed in this mailbox; stopped (raise the error limit to go on)");
    }

    private async Task AppendAsync(IMailFolder folder, CopyBatch batch, CancellationToken stopping, CancellationToken cancellationToken)
    {
        if (batch.Candidates.Count == 0)
            return;
        var entries = batch.Candidates.Select(c => new LedgerEntry(
            c.Uid, LedgerState.InFlight, c.ContentKey, c.Size, target.FullName, null, targetMarker, c.Flags, c.Keywords, null, c.InternalDate)).ToList();
        await ledger.MarkInFlightAsync(source.FullName, source.UidValidity, entries, cancellationToken);

        // A message MimeKit cannot write back unchanged has no request: it travels through the verbatim connection.
        var requests = batch.Candidates.Select((c, i) =>
        {
            var (stored, _) = keywords.Split(c.Keywords);
            return batch.Messages[i].ForMailKit is { } message ? (IAppendRequest)new AppendRequest(message, c.Flags, stored, c.InternalDate) : null;
        }).ToList();

        var commits = new List<Commit>(requests.Count);
        var refused = new List<(MessageCandidate Candidate, string Reason)>();
        try
        {
            if (targets.HasMultiAppend && requests.Count > 1 && batch.Messages.All(m => m.ForMailKit is not null))
            {
                try
                {
                    var uids = await folder.AppendAsync(requests!, cancellationToken);
                    if (uids.Count != requests.Count)
                        throw new ImapFailure(ImapFailureKind.Fatal, $"the target did not report the UIDs of appended messages (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs it to copy exactly once");
                    for (var i = 0; i < uids.Count; i++)
                        commits.Add(NewCommit(batch.Candidates[i], uids[i].Id));
                }
                catch (Exception ex) when (IsRefusal(ex))
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
        IMailFolder folder, CopyBatch batch, List<IAppendRequest?> requests, List<Commit> commits, List<(MessageCandidate, string)> refused,
        CancellationToken stopping, CancellationToken cancellationToken)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            // The copy is stopping: what was sent is recorded by the caller; the rest stays in flight, never sent.
            stopping.ThrowIfCancellationRequested();
            try
            {
                var uid = await AppendOneAsync(folder, batch.Candidates[i], batch.Messages[i], requests[i], cancellationToken)
                    ?? throw new ImapFailure(ImapFailureKind.Fatal, "the target did not report the UID of an appended message (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs it to copy exactly once");
                commits.Add(NewCommit(batch.Candidates[i], uid));
            }
            catch (Exception ex) when (IsRefusal(ex))
            {
                refused.Add((batch.Candidates[i], ex is ImapCommandException command
                    ? $"failed: refused by the target ({command.Response} {command.ResponseText})"
                    : $"failed: could not be appended ({ex.GetType().Name}: {ex.Message})"));
            }
        }
    }

    private async Task<uint?> AppendOneAsync(IMailFolder folder, MessageCandidate candidate, SourceMessage message, IAppendRequest? request, CancellationToken cancellationToken)
    {
        if (request is not null)
            return (await folder.AppendAsync(request, cancellationToken))?.Id;
        var (stored, _) = keywords.Split(candidate.Keywords);
        return await targets.AppendVerbatimAsync(folder.FullName, candidate.Flags, stored, candidate.InternalDate, message.Content, cancellationToken);
    }

    /// <summary>
    /// True when an APPEND failed because of this message alone: the target refused it (not because it is busy), or
    /// preparing its request failed in a way no rule classifies. A lost connection or a throttle is not: those
    /// end the attempt and are retried.
    /// </summary>
    private static bool IsRefusal(Exception exception) =>
        exception is ImapCommandException command
            ? !ImapFailureClassifier.IsBusy(command.ResponseText)
            : ImapFailureClassifier.IsUnexpected(exception);

    private Commit NewCommit(MessageCandidate candidate, uint targetUid) =>
        new(candidate.Uid, targetUid, keywords.Split(candidate.Keywords).NotStored);
}
