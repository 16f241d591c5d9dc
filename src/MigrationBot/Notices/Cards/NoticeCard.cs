using MigrationBot.Cards.Model;

namespace MigrationBot.Notices.Cards;

/// <summary>The card an end user gets in their 1:1 chat with the bot; the check-in asks "Everything there?".</summary>
public static class NoticeCard
{
    public const string AllThereVerb = "checkInAllThere";
    public const string SomethingMissingVerb = "checkInMissing";
    public const string MissingInputId = "missing";

    public static AdaptiveCard Build(NoticeKind kind, string batchName, string text, string? batchId = null)
    {
        var title = kind switch
        {
            NoticeKind.Announcement => "Your mailbox is moving to Microsoft 365",
            NoticeKind.Reminder => "Your mailbox moves soon",
            NoticeKind.InProgress => "Your mailbox is moving now",
            NoticeKind.Moved => "Your mailbox has moved",
            NoticeKind.CheckIn => "Everything there?",
            _ => "Mailbox move",
        };
        var body = new List<CardElement>
        {
            new TextBlock(title) { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(text) { Wrap = true },
        };
        List<CardAction>? actions = null;
        if (kind == NoticeKind.CheckIn)
        {
            var data = new Dictionary<string, string> { ["batchName"] = batchName };
            if (batchId is not null)
                data["batchId"] = batchId;
            body.Add(new TextInput { Id = MissingInputId, Label = "Something missing? Tell IT what (a folder, a date range, a sender)", IsMultiline = true, MaxLength = 1000 });
            actions =
            [
                new ExecuteAction("Yes, everything is there", AllThereVerb) { Style = ActionStyle.Positive, Data = data, AssociatedInputs = "none" },
                new ExecuteAction("Something is missing", SomethingMissingVerb) { Data = data },
            ];
        }

        return new AdaptiveCard { Body = body, Actions = actions, FallbackText = $"{title}: {text}" };
    }
}
