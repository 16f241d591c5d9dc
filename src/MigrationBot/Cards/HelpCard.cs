using MigrationBot.Cards.Model;
using MigrationBot.Chat;

namespace MigrationBot.Cards;

/// <summary>
/// The command list. Answers <c>help</c> and every command the bot did not understand. Its "Explain" button
/// (Action.Execute <c>showCommand</c>) replaces it with <see cref="CommandCard"/>; "Refresh" (<c>refreshHelp</c>) redraws it.
/// </summary>
public static class HelpCard
{
    public const string ShowCommandVerb = "showCommand";
    public const string RefreshVerb = "refreshHelp";
    public const string CommandInputId = "command";

    public static AdaptiveCard Build(string? note = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock("MigrationBot commands") { Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
        };
        if (note is not null)
        {
            body.Add(new TextBlock(note) { Color = TextColor.Attention, Wrap = true });
        }

        body.Add(new TextBlock("Type a command; in a channel or group chat, @mention the bot first. NAME is a batch name, USER an email address.")
        {
            IsSubtle = true,
            Wrap = true,
        });
        body.Add(new FactSet([.. CommandCatalog.All.Select(c => new Fact(c.Syntax, c.Summary))]));
        body.Add(new ChoiceSetInput([.. CommandCatalog.All.Select(c => new Choice(c.Syntax, c.Key))])
        {
            Id = CommandInputId,
            Label = "Explain a command",
            Value = CommandCatalog.All[0].Key,
            Style = ChoiceInputStyle.Compact,
            Separator = true,
        });

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction("Explain", ShowCommandVerb) { Style = ActionStyle.Positive },
                new ExecuteAction("Refresh", RefreshVerb),
            ],
            FallbackText = "MigrationBot commands: " + string.Join(", ", CommandCatalog.All.Select(c => c.Syntax)),
        };
    }
}
