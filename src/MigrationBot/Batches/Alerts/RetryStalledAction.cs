using MigrationBot.Batches.Access;
using MigrationBot.Batches.Actions;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;

namespace MigrationBot.Batches.Alerts;

/// <summary>
/// <c>retryStalled</c>, the stall alert's Retry: admins only (checked and audited like every batch button); stops the
/// passes of the users still in the stall they were alerted to and runs them again. The alert then says who pressed it.
/// </summary>
public sealed class RetryStalledAction(BatchChat chat, ProgressCardFactory cards, BatchOperations operations, TimeProvider time) : BatchCardAction(chat, cards)
{
    public override string Verb => BatchVerbs.RetryStalled;
    protected override BatchPermission Permission => BatchPermission.Administer;

    protected override async Task<AdaptiveCardInvokeResponse> ActAsync(Batch batch, CardActionRequest request, string actor, CancellationToken cancellationToken)
    {
        var answer = await operations.RetryStalledAsync(batch, actor, cancellationToken);
        var who = request.Activity.From?.Name is { Length: > 0 } name ? $"{name} ({actor})" : actor;
        return CardAttachments.ReplaceWith(StallCard.Retried(batch, answer, who, time.GetUtcNow()));
    }
}
