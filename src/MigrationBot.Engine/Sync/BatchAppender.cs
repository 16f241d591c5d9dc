using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Imap.Verbatim;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Appends one fetched batch on one of the mailbox's APPEND connections, exactly once: the batch is marked in flight
/// in the ledger, sent (one MULTIAPPEND where the target has it, else pipelined APPENDs), and every answer recorded.
/// What the target took is committed with its APPENDUID; what it refused (not for being busy) fails alone; what it
/// refused for being busy is known not stored and copied again after the backoff; what got no answer (the
/// connection failed) stays in flight for recovery.
/// </summary>
internal sealed class BatchAppender(
    IMailFolder source, IMailFolder target, uint targetMarker, TargetKeywords keywords, MailboxLedger ledger, MigrationOptions options,
    FolderCounters counters, Action<int> progress, bool multiAppend)
{
    public async Task AppendAsync(VerbatimAppendConnection connection, CopyBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Candidates.Count == 0)
            return;
        var entries = batch.Candidates.Select(c => new LedgerEntry(
            c.Uid, LedgerState.InFlight, c.ContentKey, c.Size, target.FullName, null, targetMarker, c.Flags, c.Keywords, null, c.InternalDate)).ToList();
        await ledger.MarkInFlightAsync(source.FullName, source.UidValidity, entries, cancellationToken);
        var items = batch.Candidates.Select((c, i) => new AppendItem(c.Flags, keywords.Split(c.Keywords).Stored, c.InternalDate, batch.Messages[i].Content)).ToList();
        var outcomes = new AppendOutcome?[items.Count];

        if (multiAppend && connection.CanMultiAppend && items.Count > 1 && await MultiAppendAsync(connection, batch, items, outcomes, cancellationToken))
            return;

        Exception? broken = null;
        try
        {
            await connection.AppendPipelinedAsync(target.FullName, items, outcomes, cancellationToken);
        }
        catch (Exception ex)
        {
            broken = ex;
        }

        await SettleAsync(batch, outcomes, broken);
    }

    /// <summary>
    /// One MULTIAPPEND for the whole batch; true when it settled the batch. It is all or nothing (RFC 3502): when
    /// the target refuses it for a reason other than being busy, nothing was stored, and the batch is sent again as
    /// single APPENDs to find the message it refused (false).
    /// </summary>
    private async Task<bool> MultiAppendAsync(VerbatimAppendConnection connection, CopyBatch batch, List<AppendItem> items, AppendOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        try
        {
            var uids = await connection.MultiAppendAsync(target.FullName, items, cancellationToken);
            if (uids.Count != items.Count)
                throw new ImapFailure(ImapFailureKind.Fatal, "the target did not report the UIDs of appended messages (APPENDUID, RFC 4315 UIDPLUS); MigrationBot needs them to copy exactly once");
            for (var i = 0; i < uids.Count; i++)
                outcomes[i] = new AppendOutcome(uids[i], null);
        }
        catch (ImapCommandException refused) when (!ImapFailureClassifier.IsBusy(refused.ResponseText))
        {
            return false;
        }
        catch (ImapCommandException busy)
        {
            for (var i = 0; i < outcomes.Length; i++)
                outcomes[i] = new AppendOutcome(null, busy);
        }
        catch (Exception ex)
        {
            // No answer: whether the target stored the batch is for recovery to find out.
            await SettleAsync(batch, outcomes, ex);
            return true;
        }

        await SettleAsync(batch, outcomes, null);
        return true;
    }

    /// <summary>Records every answer of the batch, then throws what ended it (a broken connection, a throttle, the error limit).</summary>
    private async Task SettleAsync(CopyBatch batch, AppendOutcome?[] outcomes, Exception? broken)
    {
        var commits = new List<Commit>();
        var refused = new List<(MessageCandidate Candidate, string Reason)>();
        var busy = new List<(MessageCandidate Candidate, ImapCommandException Refusal)>();
        var missingUid = false;
        for (var i = 0; i < outcomes.Length; i++)
        {
            switch (outcomes[i])
            {
                case { Uid: { } uid }:
                    commits.Add(new Commit(batch.Candidates[i].Uid, uid, keywords.Split(batch.Candidates[i].Keywords).NotStored));
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

        // Recorded even when the run is being cancelled: these messages' fate is known now.
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
}
