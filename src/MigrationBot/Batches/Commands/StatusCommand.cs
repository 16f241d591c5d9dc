using System.Text;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Commands;

/// <summary><c>status</c> lists every live batch; <c>status NAME</c> answers the batch's progress card.</summary>
public sealed class StatusCommand(BatchChat chat, ProgressCardFactory cards) : IChatCommandHandler
{
    public CommandKind Kind => CommandKind.Status;

    public async Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken)
    {
        var decision = chat.Peek(BatchPermission.Read, activity);
        if (!decision.Allowed)
            return OutboundActivity.FromText(decision.Refusal!);
        if (command.BatchName is null)
            return OutboundActivity.FromText(await ListAsync(cancellationToken));
        var (batch, problem) = await chat.FindAsync(command.BatchName, cancellationToken);
        if (batch is null)
            return OutboundActivity.FromText(problem!);
        return CardAttachments.ToActivity(await cards.BuildAsync(batch, Viewer.ReadOnly, cancellationToken));
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var batches = await chat.Store.ListLiveAsync(cancellationToken);
        if (batches.Count == 0)
            return "There are no batches yet. Type `start batch NAME` to create one.";
        var text = new StringBuilder($"{batches.Count} batch(es):\n\n");
        foreach (var batch in batches)
        {
            var users = await chat.Store.UsersAsync(batch.Id, cancellationToken);
            var synced = users.Count(u => u.State is UserState.Synced or UserState.Completed);
            var failed = users.Count(u => u.State == UserState.Failed);
            text.Append("- **").Append(batch.Name).Append("**: ").Append(ProgressCard.StateText(batch.State))
                .Append($", {synced} of {users.Count} users synced").Append(failed > 0 ? $", {failed} failed" : "").Append('\n');
        }

        return text.Append("\nType `status NAME` for one batch's progress.").ToString();
    }
}
