using MigrationBot.Batches.Access;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary><c>stop batch NAME</c>: asks for confirmation on a card.</summary>
public sealed class StopBatchCommand(BatchChat chat) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.StopBatch;

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var (batch, problem) = await chat.FindAsync(command.BatchName!, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, activity, "stop", batch, batch.Name, cancellationToken);
        return decision.Allowed ? CardAttachments.ToActivity(ConfirmCard.Stop(batch)) : OutboundActivity.FromText(decision.Refusal!);
    }
}

/// <summary><c>remove batch NAME</c>: asks for confirmation on a card.</summary>
public sealed class RemoveBatchCommand(BatchChat chat) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.RemoveBatch;

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var (batch, problem) = await chat.FindAsync(command.BatchName!, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, activity, "remove", batch, batch.Name, cancellationToken);
        return decision.Allowed ? CardAttachments.ToActivity(ConfirmCard.Remove(batch)) : OutboundActivity.FromText(decision.Refusal!);
    }
}
