using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Engine.Verify;

namespace MigrationBot.Batches.Approval;

/// <summary>
/// Asks for approval of completion with the evidence: per user, items on the source and the target (the engine's
/// verifier, folder by folder), what differs, and what was skipped. Approve runs the final sync and completes the batch.
/// </summary>
public static class ApprovalCard
{
    private const int ShownUsers = 25;
    private const int ShownFolders = 3;

    public static AdaptiveCard Build(Batch batch, IReadOnlyList<BatchUser> users, IReadOnlyList<MailboxVerification> evidence, string? note = null)
    {
        var identical = evidence.Count(e => e.IsIdentical);
        // Three columns: a card is ~450 px wide in Teams and the Playground, and five columns broke their headers mid-word.
        var rows = new List<TableRow> { CardTables.Row(true, "User", "Items: source / target", "Differences") };
        foreach (var e in evidence.OrderBy(e => e.IsIdentical).ThenBy(e => e.EmailAddress, StringComparer.Ordinal).Take(ShownUsers))
        {
            var user = users.FirstOrDefault(u => u.EmailAddress == e.EmailAddress);
            var differences = e.Error ?? (e.IsIdentical ? "none"
                : string.Join("; ", e.Folders.Where(f => !f.IsIdentical).Take(ShownFolders)
                    .Select(f => $"{f.SourceFolder}: {f.SourceCount} vs {f.TargetCount}, missing {f.Missing}, duplicated {f.Duplicated}")));
            var skipped = user?.Totals.Skipped ?? 0;
            rows.Add(CardTables.Row(false, e.EmailAddress,
                $"{Quantities.Count(e.Folders.Sum(f => f.SourceCount))} / {Quantities.Count(e.Folders.Sum(f => f.TargetCount))}",
                e.Error is null && skipped > 0 ? $"{differences} ({Quantities.Count(skipped)} skipped)" : differences));
        }

        var body = new List<CardElement>
        {
            new TextBlock($"Approve completion of {batch.Name}?") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock("Approving runs a final incremental sync of every user, then completes the batch: it stops syncing and its stored credentials are purged.")
            {
                Wrap = true, IsSubtle = true,
            },
            new TextBlock($"{identical} of {evidence.Count} mailboxes are identical on the target (every folder compared message by message).")
            {
                Wrap = true, Color = identical == evidence.Count ? TextColor.Good : TextColor.Warning, Weight = TextWeight.Bolder,
            },
            new Table([new(4), new(3), new(4)], rows) { FirstRowAsHeader = true, ShowGridLines = false },
        };
        if (evidence.Count > ShownUsers)
            body.Add(new TextBlock($"… and {evidence.Count - ShownUsers} more users (identical ones are listed last).") { IsSubtle = true, Wrap = true });
        if (note is not null)
            body.Add(new TextBlock(note) { Wrap = true, Color = TextColor.Attention, Separator = true });

        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction("Approve completion", BatchVerbs.Approve) { Style = ActionStyle.Positive, Data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") } }],
            FallbackText = $"Approve completion of {batch.Name}: {identical} of {evidence.Count} mailboxes identical.",
        };
    }

    /// <summary>What the approval card becomes once approved.</summary>
    public static AdaptiveCard Approved(Batch batch, string approver, DateTimeOffset at) => new()
    {
        Body =
        [
            new TextBlock($"Completion of {batch.Name} approved") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Color = TextColor.Good },
            new TextBlock($"Approved by {approver} on {Quantities.Time(at)}. The final sync runs now; the progress card shows when the batch is Completed.") { Wrap = true },
        ],
        FallbackText = $"Completion of {batch.Name} approved by {approver}.",
    };
}
