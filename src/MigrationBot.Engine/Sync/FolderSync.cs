using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// One pass over one folder, in the order that keeps it exactly-once: settle in-flight messages, re-identify the
/// folder if its UIDVALIDITY changed, note messages that left it, re-sync flags of messages already copied, then
/// place what is new: moved here from another folder (its target copy is moved), already on the target (adopted),
/// or copied. A folder the ledger saw unchanged (same UIDVALIDITY, UIDNEXT, count and CONDSTORE HIGHESTMODSEQ, and
/// the same target folder with the same UIDVALIDITY) costs one SELECT and one STATUS, and nothing at all where both
/// servers said those in their folder listing (LIST-STATUS).
/// </summary>
/// <param name="targetValidities">The target folders' UIDVALIDITY as the target's listing said them (empty when it did not).</param>
internal sealed class FolderSync(
    ImapClient source, TargetConnections targets, MailboxLedger ledger, MigrationOptions options, MemoryBudget memory, IReadOnlyDictionary<string, uint> targetValidities)
{
    public async Task RunAsync(FolderMapping mapping, FolderCounters counters, PassState pass, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var targetName = mapping.TargetName!;
        var name = mapping.Source.FullName;
        var inFlight = await ledger.LoadInFlightAsync(name, cancellationToken);
        var state = await ledger.GetFolderStateAsync(name, cancellationToken);
        if (mapping.Source.Listed is { } listed && inFlight.Count == 0 && await IsUnchangedAsync(state, listed, targetName, cancellationToken))
        {
            await ReportUnchangedAsync(name, listed, counters, pass, cancellationToken);
            return;
        }

        var sourceFolder = await source.GetFolderAsync(name, cancellationToken);
        await sourceFolder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var selected = FolderStatus.Of(sourceFolder);
        counters.Found = sourceFolder.Count;
        // Where the listing said the status, it was compared already: the SELECT moments later says the same.
        if (mapping.Source.Listed is null && inFlight.Count == 0 && selected is not null && await IsUnchangedAsync(state, selected, targetName, cancellationToken))
        {
            await ReportUnchangedAsync(name, selected, counters, pass, cancellationToken);
            return;
        }

        var known = await ledger.KnowsFolderAsync(name, cancellationToken);
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
            known = false;
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

        var stale = await ledger.LoadStaleEntriesAsync(name, sourceFolder.UidValidity, cancellationToken);
        if (stale.Count > 0)
            counters.AddVanished(await UidValidityReidentifier.ReidentifyAsync(sourceFolder, ledger, name, stale, cancellationToken));

        // Recovery may have opened another target folder on the main connection.
        if (!target.IsOpen || target.Access != FolderAccess.ReadWrite)
            await target.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        // Noted before anything changes, the lowest UID any APPEND of this pass can be given (a safe lower bound
        // for recovery however many windows follow).
        var marker = target.UidNext?.Id ?? 1;
        var (uidNext, held) = await WindowsAsync(sourceFolder, target, marker, adoptFromTarget: !known, counters, pass, progress, cancellationToken);

        var clean = new FolderState(name, sourceFolder.UidValidity, uidNext, sourceFolder.HighestModSeq, sourceFolder.Count, options.SelectionKey, targetName, target.UidValidity);
        pass.Synced(name);
        if (held.Count > 0)
            pass.Defer(mapping, held, clean);
        else if (counters.Failed == 0)
            await ledger.SaveFolderStateAsync(clean, cancellationToken);
    }

    /// <summary>
    /// Walks the folder in windows of <see cref="MigrationOptions.WindowMessages"/> messages, so memory per mailbox
    /// stays bounded whatever the folder's size (Exchange allows 500,000 items): for each window, the flags of its
    /// messages, the ledger's entries for its UID range, what vanished from it, flag changes, and its new messages.
    /// </summary>
    /// <returns>The UIDNEXT to record, and the new messages held back for the pass's second round.</returns>
    private async Task<(uint UidNext, List<MessageCandidate> Held)> WindowsAsync(
        IMailFolder sourceFolder, IMailFolder target, uint marker, bool adoptFromTarget, FolderCounters counters, PassState pass, Action<int, int> progress,
        CancellationToken cancellationToken)
    {
        var name = sourceFolder.FullName;
        var firstLook = counters.BeginLook();
        var held = new List<MessageCandidate>();
        var skippedAll = new List<SkippedItem>();
        var adoption = adoptFromTarget && target.Count > 0 ? await TargetIndex.ReadAsync(target, ledger, cancellationToken) : null;
        uint below = 0; // every UID at or below this was in an earlier window
        var count = sourceFolder.Count;
        var copiedInFolder = 0;
        for (var start = 0; start < count || start == 0; start += options.WindowMessages)
        {
            var window = count == 0 ? [] : await SummaryFetch.FlagsAsync(sourceFolder, start, Math.Min(count, start + options.WindowMessages) - 1, cancellationToken);
            var last = start + options.WindowMessages >= count;
            var highest = last ? uint.MaxValue : window.Count == 0 ? below : window.Max(s => s.UniqueId.Id);
            var entries = await ledger.LoadEntriesAsync(name, sourceFolder.UidValidity, below + 1, highest, cancellationToken);
            await NoteVanishedAsync(name, sourceFolder.UidValidity, entries, window, counters, cancellationToken);
            counters.AddFlagsUpdated(await FlagSync.SyncAsync(target, ledger, name, sourceFolder.UidValidity, entries, window, cancellationToken));

            var unknown = window.Where(s => !entries.ContainsKey(s.UniqueId.Id)).Select(s => s.UniqueId).ToList();
            if (firstLook)
                counters.AddAlreadyPresent(window.Count - unknown.Count);
            var candidates = await SummaryFetch.CandidatesAsync(sourceFolder, unknown, cancellationToken);
            var (toPlace, skipped) = SelectionRules.Apply(options, candidates, name);
            foreach (var skip in skipped)
                counters.Skip(skip);
            skippedAll.AddRange(skipped);
            // Progress is the folder's, not the window's: copied in earlier windows plus this one's, out of an estimate
            // that counts every message of the later windows (exact once the last window is reached).
            var later = Math.Max(0, count - (start + options.WindowMessages));
            var before = copiedInFolder;
            var inWindow = 0;
            held.AddRange(await PlaceAsync(sourceFolder, target, marker, toPlace, adoption, mayDefer: true, counters, pass, (copied, toCopy) =>
            {
                InterlockedMax(ref inWindow, copied);
                progress(before + copied, before + toCopy + later);
            }, cancellationToken));
            copiedInFolder = before + Volatile.Read(ref inWindow);
            below = highest;
            if (last)
                break;
        }

        await ledger.ReplaceSkipsAsync(name, skippedAll, cancellationToken);
        return (sourceFolder.UidNext?.Id ?? below + 1, held);
    }

    /// <summary>
    /// The second round of a pass for a folder whose new messages matched messages of folders synced after it: those
    /// folders have now said whether the messages left them (moved here) or are still there (copied here too).
    /// </summary>
    public async Task RunDeferredAsync(
        FolderMapping mapping, IReadOnlyList<MessageCandidate> held, FolderState clean, FolderCounters counters, PassState pass, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var sourceFolder = await source.GetFolderAsync(mapping.Source.FullName, cancellationToken);
        await sourceFolder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var target = await FolderDiscovery.EnsureTargetFolderAsync(targets.Main, mapping.TargetName!, cancellationToken);
        await target.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        await PlaceAsync(sourceFolder, target, target.UidNext?.Id ?? 1, held, adoption: null, mayDefer: false, counters, pass, progress, cancellationToken);
        if (counters.Failed == 0 && sourceFolder.UidValidity == clean.UidValidity)
            await ledger.SaveFolderStateAsync(clean, cancellationToken);
    }

    /// <summary>Moves, adopts or copies the new messages of the folder; returns those held back for the second round.</summary>
    private async Task<List<MessageCandidate>> PlaceAsync(
        IMailFolder sourceFolder, IMailFolder target, uint marker, IReadOnlyList<MessageCandidate> candidates, TargetIndex? adoption, bool mayDefer,
        FolderCounters counters, PassState pass, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var name = sourceFolder.FullName;
        var sorted = await MoveMatcher.SortAsync(ledger, name, sourceFolder.UidValidity, candidates, pass, mayDefer, cancellationToken);
        var toCopy = sorted.Copy;
        if (sorted.Moves.Count > 0)
        {
            var notFound = await TargetMover.MoveAsync(targets.Main, target, ledger, name, sourceFolder.UidValidity, sorted.Moves, counters, cancellationToken);
            if (notFound.Count > 0)
            {
                // The copy is not where the ledger says (moved by an earlier pass that was cut off, or removed on the
                // target): the entry is void; the message is looked for on the target, else copied.
                await ledger.ForgetEntriesAsync(notFound.Select(n => n.From).ToList(), cancellationToken);
                var lost = notFound.Select(n => n.Candidate).ToList();
                toCopy = [.. toCopy, .. await AdoptAsync(name, sourceFolder.UidValidity, target, await TargetIndex.ReadAsync(target, ledger, cancellationToken), lost, counters, cancellationToken)];
            }
        }

        if (adoption is { Count: > 0 } && toCopy.Count > 0)
            toCopy = await AdoptAsync(name, sourceFolder.UidValidity, target, adoption, toCopy, counters, cancellationToken);

        toCopy.Sort((a, b) => a.Uid.CompareTo(b.Uid));
        progress(0, toCopy.Count);
        var copied = 0;
        // Appenders report from several connections at once.
        var copier = new BatchCopier(sourceFolder, targets, target, marker, new TargetKeywords(target), ledger, options, memory, counters, n =>
            progress(Interlocked.Add(ref copied, n), toCopy.Count));
        await copier.CopyAsync(toCopy, cancellationToken);
        return sorted.Deferred;
    }

    /// <summary>
    /// A folder the ledger knows nothing of, into a target folder that already holds mail (another tool, another
    /// ledger, Exchange's own migration): messages found there are recorded as copied, not appended again.
    /// </summary>
    private async Task<List<MessageCandidate>> AdoptAsync(
        string name, uint uidValidity, IMailFolder target, TargetIndex index, List<MessageCandidate> candidates, FolderCounters counters, CancellationToken cancellationToken)
    {
        var rest = new List<MessageCandidate>(candidates.Count);
        var adopted = new List<LedgerEntry>();
        foreach (var candidate in candidates)
        {
            if (index.Count > 0 && index.Claim(candidate) is { } found)
                adopted.Add(new LedgerEntry(candidate.Uid, LedgerState.Committed, candidate.ContentKey, candidate.Size, target.FullName, found.Uid, 0,
                    found.Flags, found.Keywords, null, candidate.InternalDate));
            else
                rest.Add(candidate);
        }

        if (adopted.Count == 0)
            return rest;
        await ledger.AdoptAsync(name, uidValidity, adopted, cancellationToken);
        counters.AddAdopted(adopted.Count);
        // Recorded with the flags the target has: the source's flags are applied now, as for any changed message.
        var entries = adopted.ToDictionary(e => e.Uid);
        var sourceFlags = candidates.Where(c => entries.ContainsKey(c.Uid)).Select(c => (c.Uid, c.Flags, c.Keywords)).ToList();
        counters.AddFlagsUpdated(await FlagSync.SyncAsync(target, ledger, name, uidValidity, entries, sourceFlags, cancellationToken));
        return rest;
    }

    /// <summary>Committed messages of the folder that the source no longer has: moved elsewhere, or deleted.</summary>
    private async Task NoteVanishedAsync(
        string name, uint uidValidity, Dictionary<uint, LedgerEntry> entries, IList<IMessageSummary> present, FolderCounters counters, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return;
        var here = present.Select(s => s.UniqueId.Id).ToHashSet();
        var gone = entries.Values.Where(e => e.State == LedgerState.Committed && !here.Contains(e.Uid)).Select(e => e.Uid).ToList();
        if (gone.Count == 0)
            return;
        await ledger.MarkVanishedAsync(name, uidValidity, gone, cancellationToken);
        counters.AddVanished(gone.Count);
        foreach (var uid in gone)
            entries[uid] = entries[uid] with { State = LedgerState.Vanished };
    }

    /// <summary>
    /// The UIDVALIDITY of the target folder holding this folder's mail (the planned name, or the one it was created
    /// under when the target refused it), or 0 when there is none: as the target's listing said it, else one STATUS.
    /// </summary>
    private async Task<uint> TargetUidValidityAsync(string targetName, CancellationToken cancellationToken)
    {
        if (await FolderDiscovery.FindTargetFolderAsync(targets.Main, targetName, cancellationToken) is not { } folder)
            return 0;
        if (targetValidities.TryGetValue(folder.FullName, out var listed))
            return listed;
        await folder.StatusAsync(StatusItems.UidValidity, cancellationToken);
        return folder.UidValidity;
    }

    /// <summary>
    /// Whether the folder is as the ledger last saw it whole: same UIDVALIDITY, UIDNEXT, count and HIGHESTMODSEQ (so
    /// no flag changed either; without CONDSTORE, never), same selection options, and the same target folder, not
    /// deleted and made again since.
    /// </summary>
    private async Task<bool> IsUnchangedAsync(FolderState? state, FolderStatus status, string targetName, CancellationToken cancellationToken) =>
        state is not null &&
        status.HighestModSeq > 0 &&
        state.UidValidity == status.UidValidity &&
        state.UidNext == status.UidNext &&
        state.MessageCount == status.Count &&
        state.HighestModSeq == status.HighestModSeq &&
        state.OptionsKey == options.SelectionKey &&
        state.TargetFolder == targetName &&
        await TargetUidValidityAsync(targetName, cancellationToken) == state.TargetUidValidity;

    /// <summary>An unchanged folder's report: what the ledger holds of it, and the messages it left out by rule (size, date), which are in the count but not on the target.</summary>
    private async Task ReportUnchangedAsync(string name, FolderStatus status, FolderCounters counters, PassState pass, CancellationToken cancellationToken)
    {
        counters.Found = status.Count;
        counters.SeeTarget(await ledger.CountCommittedAsync(name, status.UidValidity, cancellationToken));
        foreach (var skip in await ledger.LoadSkipsAsync(name, cancellationToken))
            counters.Skip(skip);
        pass.Synced(name);
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var seen = Volatile.Read(ref location);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref location, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
