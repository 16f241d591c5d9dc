using MigrationBot.Batches.Access;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Actions;

/// <summary>
/// A button on a batch card: reads the batch id from the button's data, checks (and audits) the presser, acts. A
/// refused press answers the batch's progress card with the refusal written in it.
/// </summary>
public abstract class BatchCardAction(BatchChat chat, ProgressCardFactory cards) : ICardActionHandler
{
    public abstract string Verb { get; }

    protected abstract BatchPermission Permission { get; }

    protected BatchChat Chat => chat;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.DataString(BatchVerbs.BatchIdKey), out var id))
            return CardAttachments.Error(400, "BadRequest", "The card does not name a batch; type status to find it.");
        var (batch, problem) = await chat.FindAsync(id, cancellationToken);
        if (batch is null)
            return CardAttachments.ReplaceWith(ConfirmCard.Answered(problem!));
        var decision = await chat.AuthorizeAsync(Permission, request.Activity, Verb, batch, batch.Name, cancellationToken);
        if (!decision.Allowed)
            return await ProgressAsync(batch, request.Activity, "Refused: " + decision.Refusal, cancellationToken);
        return await ActAsync(batch, request, decision.Actor, cancellationToken);
    }

    protected abstract Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken);

    /// <summary>The progress card as <paramref name="activity"/>'s sender may use it, with a note.</summary>
    protected async Task<AdaptiveCardInvokeResponse> ProgressAsync(Batch batch, InboundActivity activity, string? note, CancellationToken cancellationToken)
    {
        var fresh = await chat.Store.GetAsync(batch.Id, cancellationToken) ?? batch;
        var viewer = new Viewer(chat.Peek(BatchPermission.Administer, activity, fresh).Allowed, chat.Peek(BatchPermission.Approve, activity, fresh).Allowed);
        return CardAttachments.ReplaceWith(await cards.BuildAsync(fresh, viewer, cancellationToken, note));
    }
}
