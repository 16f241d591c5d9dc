using MigrationBot.Batches.Access;
using MigrationBot.Batches.Runs;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary>
/// A command on one named batch that an admin may run and that answers with a sentence: find the batch, check and
/// audit the person, act. Pause, resume and retry are this shape.
/// </summary>
public abstract class AdminBatchCommand(BatchChat chat) : IChatCommandHandler
{
    public abstract CommandKind Kind { get; }

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var (batch, problem) = await chat.FindAsync(command.BatchName!, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, activity, Kind.ToString(), batch, batch.Name, cancellationToken);
        if (!decision.Allowed)
            return OutboundActivity.FromText(decision.Refusal!);
        return OutboundActivity.FromText(await ActAsync(batch, command, decision.Actor, cancellationToken));
    }

    protected abstract Task<string> ActAsync(Storage.Batch batch, ChatCommand command, string actor, CancellationToken cancellationToken);
}

/// <summary><c>pause NAME</c>.</summary>
public sealed class PauseCommand(BatchChat chat, BatchOperations operations) : AdminBatchCommand(chat)
{
    public override CommandKind Kind => CommandKind.Pause;

    protected override Task<string> ActAsync(Storage.Batch batch, ChatCommand command, string actor, CancellationToken cancellationToken) =>
        operations.PauseAsync(batch, actor, cancellationToken);
}

/// <summary><c>resume NAME</c>.</summary>
public sealed class ResumeCommand(BatchChat chat, BatchOperations operations) : AdminBatchCommand(chat)
{
    public override CommandKind Kind => CommandKind.Resume;

    protected override Task<string> ActAsync(Storage.Batch batch, ChatCommand command, string actor, CancellationToken cancellationToken) =>
        operations.ResumeAsync(batch, actor, cancellationToken);
}

/// <summary><c>retry NAME [USER]</c>.</summary>
public sealed class RetryCommand(BatchChat chat, BatchOperations operations) : AdminBatchCommand(chat)
{
    public override CommandKind Kind => CommandKind.Retry;

    protected override Task<string> ActAsync(Storage.Batch batch, ChatCommand command, string actor, CancellationToken cancellationToken) =>
        operations.RetryAsync(batch, command.User, actor, cancellationToken);
}
