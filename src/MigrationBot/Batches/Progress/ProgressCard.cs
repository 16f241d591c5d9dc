using System.Globalization;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// The one card per batch, updated in place: state, users synced, items and bytes, rate and ETA, failures, last and
/// next sync, throttling. Everyone gets it read-only; admins and approvers get buttons through Universal Actions'
/// refresh (the card's <c>refresh.userIds</c>), approvers the Approve button once the batch is synced.
/// </summary>
public static class ProgressCard
{
    /// <summary>The buttons a card may show in Teams (its host config's <c>actions.maxActions</c>).</summary>
    public const int MaxActions = 5;

    private const int ShownFailures = 10;
    private const int ShownPasses = 5;

    public static AdaptiveCard Build(ProgressView view, Viewer viewer, DateTimeOffset now, string? note = null)
    {
        var batch = view.Batch;
        var users = view.Users;
        var done = users.Count(u => u.State is UserState.Synced or UserState.Completed);
        var copied = users.Sum(u => u.Totals.Copied);
        var bytes = users.Sum(u => u.Totals.Bytes);
        var livePasses = view.Passes;
        // What running passes copied so far counts too: an initial sync of a large mailbox runs for hours.
        // (A replica of an earlier version publishes only the folder's count.)
        var liveCopied = livePasses.Values.Sum(p => Math.Max(p.PassCopied, p.Copied));
        var liveBytes = livePasses.Values.Sum(p => p.PassBytes);
        var rate = view.MessagesPerSecond;

        var facts = new List<Fact>
        {
            new("State", StateText(batch.State)),
            new("Users", $"{done} of {users.Count} {(batch.State is BatchState.Completing or BatchState.Completed or BatchState.CompletedWithErrors ? "completed or synced" : "synced")}"
                + (users.Count(u => u.State == UserState.Failed) is > 0 and var f ? $", {f} failed" : "")),
            new("Items copied", $"{Quantities.Count(copied + liveCopied)} ({Quantities.Bytes(bytes + liveBytes)})"),
        };
        // The rate is of the last half minute of copying: once no pass runs (synced, completed), it would be stale.
        if (livePasses.Count > 0 && rate is { } r && r > 0)
        {
            facts.Add(new("Throughput", string.Create(CultureInfo.InvariantCulture, $"{r:0.#} messages/s")));
            var remaining = livePasses.Values.Sum(p => Math.Max(0, p.ToCopy - p.Copied));
            if (remaining > 0)
                facts.Add(new("ETA (folders in progress)", Quantities.Duration(TimeSpan.FromSeconds(remaining / r))));
        }

        var lastSync = users.Select(u => u.Totals.LastSyncAt).Max();
        if (lastSync is { } last)
            facts.Add(new("Last sync", Quantities.Time(last)));
        if (batch.State is BatchState.Synced or BatchState.SyncedWithErrors && lastSync is { } previous)
            facts.Add(new("Next sync", Quantities.Time(previous + batch.Settings.IncrementalInterval)));
        if (view.ThrottledUntil is { } until && until > now)
            facts.Add(new("Throttled", $"the target asked to wait: throttled until {until.UtcDateTime:HH:mm} UTC"));
        if (batch.Settings.CutoverAt is { } cutover)
            facts.Add(new("Cutover", Quantities.Time(cutover)));

        var body = new List<CardElement>
        {
            new TextBlock($"Migration batch {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock($"From {batch.Settings.Source} · started by {batch.Settings.RequesterName ?? batch.CreatedBy} on {Quantities.Time(batch.CreatedAt)}") { IsSubtle = true, Wrap = true, Spacing = Spacing.None },
            new FactSet(facts),
        };

        if (livePasses.Count > 0)
        {
            body.Add(new TextBlock("Copying now") { Weight = TextWeight.Bolder, Separator = true });
            foreach (var (address, pass) in livePasses.OrderBy(p => p.Key, StringComparer.Ordinal).Take(ShownPasses))
            {
                var where = pass.Status ?? (pass.ToCopy > 0 ? $"{pass.Folder}: {Quantities.Count(pass.Copied)} of {Quantities.Count(pass.ToCopy)}" : pass.Folder);
                body.Add(new TextBlock($"{address}: {where}") { Wrap = true, Spacing = Spacing.None, IsSubtle = true });
            }
        }

        var failures = users.Where(u => u.State == UserState.Failed).ToList();
        if (failures.Count > 0)
        {
            body.Add(new TextBlock($"Failures ({failures.Count})") { Weight = TextWeight.Bolder, Color = TextColor.Attention, Separator = true });
            foreach (var user in failures.Take(ShownFailures))
                body.Add(new TextBlock($"{user.EmailAddress}: {user.Reason ?? "failed"}") { Wrap = true, Spacing = Spacing.None, Color = TextColor.Attention });
            if (failures.Count > ShownFailures)
                body.Add(new TextBlock($"… and {failures.Count - ShownFailures} more: see Details.") { IsSubtle = true, Spacing = Spacing.None });
        }

        if (note is not null)
            body.Add(new TextBlock(note) { Wrap = true, Separator = true, Weight = TextWeight.Bolder });
        if (batch.State is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.IncrementalSyncing && !viewer.CanApprove)
            body.Add(new TextBlock("Synced: waiting for an approver to approve completion.") { Wrap = true, IsSubtle = true, Separator = true });

        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        var actions = new List<CardAction> { new ExecuteAction("Details", BatchVerbs.Details) { Data = data } };
        if (viewer.CanApprove && batch.State is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.IncrementalSyncing)
            actions.Insert(0, new ExecuteAction("Approve completion", BatchVerbs.Approve) { Data = data, Style = ActionStyle.Positive });
        if (viewer.CanAdminister)
        {
            if (BatchLifecycle.Table.IsAllowed(batch.State, BatchState.Stopping))
                actions.Add(new ExecuteAction("Pause", BatchVerbs.Pause) { Data = data });
            if (batch.State is BatchState.Stopped or BatchState.Failed)
                actions.Add(new ExecuteAction("Resume", BatchVerbs.Resume) { Data = data, Style = ActionStyle.Positive });
            if (failures.Count > 0 && batch.State is not (BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing))
                actions.Add(new ExecuteAction("Retry failed", BatchVerbs.RetryFailed) { Data = data });
            if (batch.State is not (BatchState.Completing or BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing))
            {
                actions.Add(new ExecuteAction("Move cutover", BatchVerbs.AskCutover) { Data = data });
                actions.Add(new ExecuteAction("Edit notices", Notices.Editing.NoticeTextsCard.EditVerb) { Data = data });
            }
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = WithinTeamsLimit(actions),
            Refresh = view.RefreshUserIds.Count == 0 ? null : new CardRefresh(new ExecuteAction("Refresh", BatchVerbs.Refresh) { Data = data }, view.RefreshUserIds),
            FallbackText = $"Batch {batch.Name}: {StateText(batch.State)}, {done} of {users.Count} users synced.",
        };
    }

    /// <summary>
    /// Teams shows at most <see cref="MaxActions"/> buttons on a card; past that, the last ones go under a "More" button
    /// that opens them beneath the card.
    /// </summary>
    private static List<CardAction> WithinTeamsLimit(List<CardAction> actions)
    {
        if (actions.Count <= MaxActions)
            return actions;
        var shown = actions.Take(MaxActions - 1).ToList();
        shown.Add(new ShowCardAction("More", new AdaptiveCard { Body = [], Actions = [.. actions.Skip(MaxActions - 1)] }));
        return shown;
    }

    public static string StateText(BatchState state) => state switch
    {
        BatchState.Created => "Created: waiting to start",
        BatchState.Validating => "Validating: preflight checks",
        BatchState.Syncing => "Syncing: initial sync",
        BatchState.Synced => "Synced: incremental syncs until completion",
        BatchState.SyncedWithErrors => "Synced with errors",
        BatchState.IncrementalSyncing => "Incremental sync",
        BatchState.Completing => "Completing: final sync",
        BatchState.Completed => "Completed",
        BatchState.CompletedWithErrors => "Completed with errors",
        BatchState.Stopping => "Stopping",
        BatchState.Stopped => "Stopped (paused): resume to continue",
        BatchState.Failed => "Failed: resume to try again",
        _ => state.ToString(),
    };
}
