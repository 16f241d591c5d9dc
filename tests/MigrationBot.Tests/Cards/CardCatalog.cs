using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Chat;

namespace MigrationBot.Tests.Cards;

/// <summary>Every card the bot sends, by golden-file name.</summary>
public static class CardCatalog
{
    public static readonly IReadOnlyDictionary<string, Func<AdaptiveCard>> All = new Dictionary<string, Func<AdaptiveCard>>
    {
        ["help"] = () => HelpCard.Build(),
        ["help-unknown-command"] = () => HelpCard.Build("I don't know the command \"frobnicate\"."),
        ["command-start-batch"] = () => CommandCard.Build(CommandCatalog.For(CommandKind.StartBatch)),
        ["command-retry"] = () => CommandCard.Build(CommandCatalog.For(CommandKind.Retry)),
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
