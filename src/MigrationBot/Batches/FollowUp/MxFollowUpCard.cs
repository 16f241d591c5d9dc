using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;
using MigrationBot.Dns;

namespace MigrationBot.Batches.FollowUp;

/// <summary>After completion: where each target domain's mail goes now, and, 72 h after the MX switch, a Remove button.</summary>
public static class MxFollowUpCard
{
    public static AdaptiveCard Status(Batch batch, IReadOnlyList<MxResult> domains, DateTimeOffset? removeReminderAt)
    {
        var switched = domains.All(d => d.PointsToExchangeOnline);
        var body = new List<CardElement>
        {
            new TextBlock($"DNS after {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(switched
                ? "Every domain's MX points to Exchange Online: new mail goes to Microsoft 365."
                : "Switch the MX records to Exchange Online once the users are told; until then new mail still arrives on the old server, and incremental syncs have ended.")
            {
                Wrap = true, Color = switched ? TextColor.Good : TextColor.Warning,
            },
        };
        body.AddRange(domains.Select(d => (CardElement)new TextBlock("• " + d.Summary) { Wrap = true, Spacing = Spacing.None }));
        body.Add(new TextBlock(removeReminderAt is { } at
            ? $"I will remind you to remove the batch on {Quantities.Time(at)} (72 h after the switch), as Exchange advises."
            : "I check the MX records again every day and remind you to remove the batch 72 h after they point to Exchange Online.")
        {
            Wrap = true, IsSubtle = true, Separator = true,
        });
        return new AdaptiveCard { Body = body, FallbackText = $"DNS after {batch.Name}: " + string.Join("; ", domains.Select(d => d.Summary)) };
    }

    public static AdaptiveCard RemoveReminder(Batch batch) => new()
    {
        Body =
        [
            new TextBlock($"Time to remove {batch.Name}") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock("Its domains' MX records have pointed to Exchange Online for 72 hours. Removing the batch deletes its jobs and what is left of its records; the migrated mail stays in the mailboxes.")
            {
                Wrap = true,
            },
        ],
        Actions = [new ExecuteAction($"Remove {batch.Name}", BatchVerbs.ConfirmRemove) { Style = ActionStyle.Destructive, Data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") } }],
        FallbackText = $"Time to remove {batch.Name}.",
    };
}
