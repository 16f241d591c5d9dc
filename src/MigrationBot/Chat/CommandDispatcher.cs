using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;

namespace MigrationBot.Chat;

/// <summary>
/// Answers a parsed command: help and unknown commands get the help card (never silence); other kinds go
/// to their <see cref="IChatCommandHandler"/>, or answer "not available yet" until one is registered.
/// </summary>
public sealed class CommandDispatcher(IEnumerable<IChatCommandHandler> handlers)
{
    private readonly Dictionary<CommandKind, IChatCommandHandler> _byKind = handlers
        .GroupBy(h => h.Kind)
        .ToDictionary(g => g.Key, g => g.Last());

    public Task<OutboundActivity> AnswerAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        if (command.Kind == CommandKind.Unknown)
        {
            return Task.FromResult(CardAttachments.ToActivity(HelpCard.Build(command.Problem)));
        }

        if (_byKind.TryGetValue(command.Kind, out var handler))
        {
            return handler.HandleAsync(command, activity, cancellationToken);
        }

        if (command.Kind == CommandKind.Help)
        {
            return Task.FromResult(CardAttachments.ToActivity(HelpCard.Build()));
        }

        var syntax = CommandCatalog.For(command.Kind).Syntax;
        return Task.FromResult(OutboundActivity.FromText($"{syntax}: not available yet. Type help to see the commands."));
    }
}
