using System.Text;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Notices.Delivery;

namespace MigrationBot.Batches.Commands;

/// <summary><c>status</c> lists every live batch; <c>status NAME</c> answers the batch's progress card.</summary>
public sealed class StatusCommand(BatchChat chat, ProgressCardFactory cards, NoticeDeliveryStore notices) : IChatCommandHandler
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
        if (command.Detail == "notices")
            return OutboundActivity.FromText(await NoticesAsync(batch, cancellationToken));
        return CardAttachments.ToActivity(await cards.BuildAsync(batch, Viewer.ReadOnly, cancellationToken));
    }

    private const int ShownNotices = 30;

    private async Task<string> NoticesAsync(Storage.Batch batch, CancellationToken cancellationToken)
    {
        var deliveries = await notices.ListAsync(batch.Id, cancellationToken);
        if (deliveries.Count == 0)
            return $"No notices sent for {batch.Name} yet.";
        var text = new StringBuilder($"Notices of {batch.Name}: {deliveries.Count(d => d.Sent)} sent ");
        text.Append($"({deliveries.Count(d => d.Channel == NoticeChannel.Teams)} in Teams, {deliveries.Count(d => d.Channel == NoticeChannel.Email)} by email), ");
        text.Append($"{deliveries.Count(d => !d.Sent)} not delivered.\n\n");
        foreach (var d in deliveries.OrderBy(d => d.Sent).ThenBy(d => d.EmailAddress, StringComparer.Ordinal).Take(ShownNotices))
        {
            text.Append($"- {d.EmailAddress}: {d.Kind}, ").Append(d.Sent ? $"sent by {d.Channel}" : "not delivered")
                .Append($" on {Quantities.Time(d.At)}").Append(d.Reason is null ? "" : $" ({d.Reason})").Append('\n');
        }

        if (deliveries.Count > ShownNotices)
            text.Append($"… and {deliveries.Count - ShownNotices} more (undelivered ones are listed first).");
        return text.ToString();
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
