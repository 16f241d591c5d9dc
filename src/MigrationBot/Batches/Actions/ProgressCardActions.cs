using System.Globalization;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Approval;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Actions;

/// <summary><c>refreshBatch</c>: Universal Actions' refresh (and "Back"): the progress card with the presser's buttons.</summary>
public sealed class RefreshBatchAction(BatchChat chat, ProgressCardFactory cards) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.Refresh;
    protected override BatchPermission Permission => BatchPermission.Read;

    protected override Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        ProgressAsync(batch, request.Activity, null, cancellationToken);
}

/// <summary><c>batchDetails</c>: the per-user table, a page at a time.</summary>
public sealed class BatchDetailsAction(BatchChat chat, ProgressCardFactory cards) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.Details;
    protected override BatchPermission Permission => BatchPermission.Read;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var page = int.TryParse(request.DataString(BatchVerbs.PageKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return CardAttachments.ReplaceWith(DetailsCard.Build(batch, await Chat.Store.UsersAsync(batch.Id, cancellationToken), page));
    }
}

/// <summary><c>pauseBatch</c>.</summary>
public sealed class PauseBatchAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.Pause;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        await ProgressAsync(batch, request.Activity, await operations.PauseAsync(batch, actor, cancellationToken), cancellationToken);
}

/// <summary><c>resumeBatch</c>.</summary>
public sealed class ResumeBatchAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.Resume;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        await ProgressAsync(batch, request.Activity, await operations.ResumeAsync(batch, actor, cancellationToken), cancellationToken);
}

/// <summary><c>retryFailed</c>.</summary>
public sealed class RetryFailedAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.RetryFailed;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        await ProgressAsync(batch, request.Activity, await operations.RetryAsync(batch, null, actor, cancellationToken), cancellationToken);
}

/// <summary><c>approveCompletion</c>: only approvers; pressed twice or by two at once, it approves once.</summary>
public sealed class ApproveCompletionAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations, TimeProvider time) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.Approve;
    protected override BatchPermission Permission => BatchPermission.Approve;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var refused = await operations.ApproveAsync(batch, actor, cancellationToken);
        if (refused is not null)
            return await ProgressAsync(batch, request.Activity, refused, cancellationToken);
        var who = request.Activity.From?.Name is { Length: > 0 } name ? $"{name} ({actor})" : actor;
        return CardAttachments.ReplaceWith(ApprovalCard.Approved(batch, who, time.GetUtcNow()));
    }
}

/// <summary><c>confirmStop</c>.</summary>
public sealed class ConfirmStopAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.ConfirmStop;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        CardAttachments.ReplaceWith(ConfirmCard.Answered(await operations.StopAsync(batch, actor, cancellationToken)));
}

/// <summary><c>confirmRemove</c>.</summary>
public sealed class ConfirmRemoveAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.ConfirmRemove;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken) =>
        CardAttachments.ReplaceWith(ConfirmCard.Answered(await operations.RemoveAsync(batch, actor, cancellationToken)));
}

/// <summary><c>cancelBatchAction</c>: the confirmation card says nothing changed.</summary>
public sealed class CancelBatchAction : ICardActionHandler
{
    public string Verb => BatchVerbs.Cancel;

    public Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(CardAttachments.ReplaceWith(ConfirmCard.Answered("Cancelled: nothing changed.")));
}
