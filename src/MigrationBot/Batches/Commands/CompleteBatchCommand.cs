using MigrationBot.Batches.Access;
using MigrationBot.Batches.Approval;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary><c>complete batch NAME</c>: posts the approval card with the evidence (an admin or approver may ask).</summary>
public sealed class CompleteBatchCommand(BatchChat chat, CompletionEvidence evidence) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.CompleteBatch;

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var (batch, problem) = await chat.FindAsync(command.BatchName!, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        var asAdmin = chat.Peek(BatchPermission.Administer, activity, batch);
        var asApprover = chat.Peek(BatchPermission.Approve, activity, batch);
        var decision = await chat.AuthorizeAsync(asApprover.Allowed || !asAdmin.Allowed ? BatchPermission.Approve : BatchPermission.Administer, activity, "complete", batch, batch.Name, cancellationToken);
        if (!decision.Allowed)
            return OutboundActivity.FromText(decision.Refusal!);
        if (batch.State is not (BatchState.Synced or BatchState.SyncedWithErrors or BatchState.IncrementalSyncing))
            return OutboundActivity.FromText($"{batch.Name} is {batch.State}: completion can be approved once its users are synced.");
        var (users, verified) = await evidence.GatherAsync(batch, cancellationToken);
        return CardAttachments.ToActivity(ApprovalCard.Build(batch, users, verified));
    }
}
