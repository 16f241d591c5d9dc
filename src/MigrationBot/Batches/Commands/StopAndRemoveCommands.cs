using MigrationBot.Batches.Access;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary>A command that acts only after a confirmation card: find the batch, check and audit the person, ask.</summary>
public abstract class ConfirmedBatchCommand(BatchChat chat) : IChatCommandHandler
{
    public abstract CommandKind Kind { get; }

    protected abstract AdaptiveCard Confirmation(Batch batch);

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var (batch, problem) = await chat.FindAsync(command.BatchName!, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, activity, Kind.ToString(), batch, batch.Name, cancellationToken);
        return decision.Allowed ? CardAttachments.ToActivity(Confirmation(batch)) : OutboundActivity.FromText(decision.Refusal!);
    }
}

/// <summary><c>stop batch NAME</c>: asks for confirmation on a card.</summary>
public sealed class StopBatchCommand(BatchChat chat) : ConfirmedBatchCommand(chat)
{
    public override CommandKind Kind => CommandKind.StopBatch;

    protected override AdaptiveCard Confirmation(Batch batch) => ConfirmCard.Stop(batch);
}

/// <summary><c>remove batch NAME</c>: asks for confirmation on a card.</summary>
public sealed class RemoveBatchCommand(BatchChat chat) : ConfirmedBatchCommand(chat)
{
    public override CommandKind Kind => CommandKind.RemoveBatch;

    protected override AdaptiveCard Confirmation(Batch batch) => ConfirmCard.Remove(batch);
}
