using MigrationBot.Cards.Model;
using MigrationBot.Chat;

namespace MigrationBot.Cards;

/// <summary>One command explained; replaces the help card when its "Explain" button is pressed.</summary>
public static class CommandCard
{
    public static AdaptiveCard Build(CommandInfo command) => new()
    {
        Body =
        [
            new TextBlock($"Command: {command.Syntax}") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock(command.Summary) { Wrap = true },
            new TextBlock(command.Details) { Wrap = true, IsSubtle = true },
            new FactSet([new Fact("Example", command.Example)]),
        ],
        Actions = [new ExecuteAction("Back to all commands", HelpCard.RefreshVerb)],
        FallbackText = $"{command.Syntax}: {command.Summary}",
    };
}
