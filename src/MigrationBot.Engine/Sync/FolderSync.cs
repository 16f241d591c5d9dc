using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// One pass over one folder, in the order that keeps it exactly-once: settle in-flight messages, re-identify the
/// folder if its UIDVALIDITY changed, re-sync flags of messages already copied, then copy what is new. A folder the
/// ledger saw unchanged (same UIDVALIDITY, UIDNEXT, count and CONDSTORE HIGHESTMODSEQ) costs one SELECT.
/// </summary>
internal sealed class FolderSync(ImapClient source, TargetConnections targets, MailboxLedger ledger, MigrationOptions options, MemoryBudget memory)
{
    public async Task RunAsync(FolderMapping mapping, FolderCounters counters, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var targetName = mapping.TargetName!;
        var sourceFolder = await source.GetFolderAsync(mapping.Source.FullName, cancellationToken);
        await sourceFolder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var name = sourceFolder.FullName;

        var inFlight = await ledger.LoadInFlightAsync(name, cancellationToken);
        var state = await ledger.GetFolderStateAsync(name, cancellationToken);
        var hasModSeq = sourceFolder.HighestModSeq > 0;
        counters.Found = sourceFolder.Count;
        if (inFlight.Count == 0 && state is not null && hasModSeq && IsUnchanged(state, sourceFolder, targetName) &&
            await TargetUidValidityAsync(targetName, cancellationToken) == state.TargetUidValidity)
        {
            // Messages skipped by rule (size, date) are in the count but not on the target: report them again.
            counters.SeeTarget(await ledger.CountCommittedAsync(name, sourceFolder.UidValidity, cancellationToken));
            foreach (var skip in await ledger.LoadSkipsAsync(name, cancellationToken))
                counters.Skip(skip);
            return;
        }

        // Its FullName is the name the target holds: the plan's, or the one it was mapped to when the target refused it.
        var target = await FolderDiscovery.EnsureTargetFolderAsync(targets.Main, targetName, cancellationToken);
        await target.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        if (state is { TargetUidValidity: not 0 } && state.TargetUidValidity != target.UidValidity)
        {
            // The target folder was deleted and made again: the messages the ledger says it holds are gone with it.
            // Forget them (and what was in flight into it) so the folder is copied again, in full.
            await ledger.ForgetFolderAsync(name, cancellationToken);
            inFlight = [];
            state = null;
        }

        if (inFlight.Count > 0)
        {
            var recovered = await InFlightRecovery.RecoverAsync(targets.Main, ledger, name, inFlight, cancellationToken);
            // Found after an earlier attempt of this run was cut off mid-APPEND: this run copied them. (Left by an
            // earlier process, they count as already present instead.)
            if (counters.HasSeenTarget)
                counters.AddCopied(
                    recovered.Count,
                    recovered.Sum(e => e.Size),
                    recovered.Where(e => e.KeywordsNotStored is not null).Select(e => new UnstoredKeywords(name, e.Uid, e.KeywordsNotStored!)));
        }

        // Recovery may have opened another target folder on the main connection.
        if (!target.IsOpen || target.Access != FolderAccess.ReadWrite)
            await target.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var marker = target.UidNext?.Id ?? 1;

        var stale = await ledger.LoadStaleEntriesAsync(name, sourceFolder.UidValidity, cancellationToken);
        if (stale.Count > 0)
            await UidValidityReidentifier.ReidentifyAsync(sourceFolder, ledger, name, stale, cancellationToken);

        var entries = await ledger.LoadEntriesAsync(name, sourceFolder.UidValidity, cancellationToken);
        var all = await SummaryFetch.FlagsAsync(sourceFolder, cancellationToken);
        var updated = await FlagSync.SyncAsync(target, ledger, name, sourceFolder.UidValidity, entries, all, cancellationToken);
        counters.AddFlagsUpdated(updated);

        var unknown = all.Where(s => !entries.ContainsKey(s.UniqueId.Id)).Select(s => s.UniqueId).ToList();
        counters.SeeTarget(all.Count - unknown.Count);
        var candidates = await SummaryFetch.CandidatesAsync(sourceFolder, unknown, cancellationToken);
        var (toCopy, skipped) = Select(candidates, name);
        foreach (var skip in skipped)
            counters.Skip(skip);
        await ledger.ReplaceSkipsAsync(name, skipped, cancellationToken);
        progress(0, toCopy.Count);

        var copied = 0;
        var keywords = new TargetKeywords(target);
        // Appenders report from several connections at once.
        var copier = new BatchCopier(sourceFolder, targets, target, marker, keywords, ledger, options, memory, counters, n =>
            progress(Interlocked.Add(ref copied, n), toCopy.Count));
        await copier.CopyAsync(toCopy, cancellationToken);

        if (counters.Failed == 0)
        {
            var uidNext = sourceFolder.UidNext?.Id ?? (all.Count == 0 ? 1 : all.Max(s => s.UniqueId.Id) + 1);
            await ledger.SaveFolderStateAsync(
                new FolderState(name, sourceFolder.UidValidity, uidNext, sourceFolder.HighestModSeq, sourceFolder.Count, options.SelectionKey, targetName, target.UidValidity),
                cancellationToken);
        }
    }

    /// <summary>The target folder's UIDVALIDITY (one STATUS), or 0 when it no longer exists.</summary>
    private async Task<uint> TargetUidValidityAsync(string targetName, CancellationToken cancellationToken)
    {
        try
        {
            var folder = await targets.Main.GetFolderAsync(targetName, cancellationToken);
            await folder.StatusAsync(StatusItems.UidValidity, cancellationToken);
            return folder.UidValidity;
        }
        catch (FolderNotFoundException)
        {
            return 0;
        }
    }

    private bool IsUnchanged(FolderState state, IMailFolder folder, string targetName) =>
        state.UidValidity == folder.UidValidity &&
        folder.UidNext is { } next && state.UidNext == next.Id &&
        state.MessageCount == folder.Count &&
        state.HighestModSeq == folder.HighestModSeq &&
        state.OptionsKey == options.SelectionKey &&
        state.TargetFolder == targetName;

    private (List<MessageCandidate> Selected, List<SkippedItem> Skipped) Select(List<MessageCandidate> candidates, string folder)
    {
        var selected = new List<MessageCandidate>(candidates.Count);
        var skipped = new List<SkippedItem>();
        foreach (var candidate in candidates)
        {
            string? reason = null;
            if (candidate.Size > options.MaxMessageSize)
                reason = $"larger than the {options.MaxMessageSize / (1024 * 1024)} MB limit";
            else if (options.ReceivedAfter is { } after && candidate.InternalDate < after)
                reason = $"received before {after:yyyy-MM-dd} (date filter)";
            else if (options.ReceivedBefore is { } before && candidate.InternalDate >= before)
                reason = $"received on or after {before:yyyy-MM-dd} (date filter)";

            if (reason is null)
                selected.Add(candidate);
            else
                skipped.Add(new SkippedItem(folder, candidate.Uid, candidate.Size, reason));
        }

        return (selected, skipped);
    }
}
