using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;

namespace MigrationBot.Chat;

/// <summary><c>showCommand</c>: replaces the help card with the chosen command explained.</summary>
public sealed class ShowCommandAction : ICardActionHandler
{
    public string Verb => HelpCard.ShowCommandVerb;

    public Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var command = CommandCatalog.Find(request.DataString(HelpCard.CommandInputId));
        var answer = command is null
            ? CardAttachments.ReplaceWith(HelpCard.Build("Pick a command from the list, then press Explain."))
            : CardAttachments.ReplaceWith(CommandCard.Build(command));
        return Task.FromResult(answer);
    }
}

/// <summary><c>refreshHelp</c>: redraws the help card.</summary>
public sealed class RefreshHelpAction : ICardActionHandler
{
    public string Verb => HelpCard.RefreshVerb;

    public Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CardAttachments.ReplaceWith(HelpCard.Build()));
}
