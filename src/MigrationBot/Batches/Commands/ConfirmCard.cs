using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;

namespace MigrationBot.Batches.Commands;

/// <summary>"Really stop / remove this batch?": one button that acts, one that cancels.</summary>
public static class ConfirmCard
{
    public static AdaptiveCard Stop(Batch batch) => Build(batch, $"Stop {batch.Name}?",
        "Every running copy stops at a safe point and no further syncs run. Nothing copied is lost; resume continues later.", "Stop batch", BatchVerbs.ConfirmStop);

    public static AdaptiveCard Remove(Batch batch) => Build(batch, $"Remove {batch.Name}?",
        "The batch stops syncing for good: its jobs are deleted and its stored credentials purged. The migrated mail stays in the target mailboxes.", "Remove batch", BatchVerbs.ConfirmRemove);

    /// <summary>What a confirmation card becomes once answered.</summary>
    public static AdaptiveCard Answered(string text) => new() { Body = [new TextBlock(text) { Wrap = true }], FallbackText = text };

    private static AdaptiveCard Build(Batch batch, string title, string text, string button, string verb)
    {
        var data = new Dictionary<string, string> { [BatchVerbs.BatchIdKey] = batch.Id.ToString("D") };
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
                new TextBlock(text) { Wrap = true },
            ],
            Actions =
            [
                new ExecuteAction(button, verb) { Style = ActionStyle.Destructive, Data = data },
                new ExecuteAction("Cancel", BatchVerbs.Cancel) { Data = data, AssociatedInputs = "none" },
            ],
            FallbackText = title,
        };
    }
}
