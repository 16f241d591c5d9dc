using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;
using MigrationBot.Chat;
using MigrationBot.Notices.Cards;

namespace MigrationBot.Notices.Actions;

/// <summary>
/// The check-in's answers: only the user the card was for may answer (their Entra id is the batch user's); the answer
/// is posted to the IT channel; "something is missing" also syncs that user again while the batch still can.
/// </summary>
public abstract class CheckInAnswer(IBatchStore store, BatchPosts posts) : ICardActionHandler
{
    public abstract string Verb { get; }

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(request.DataString("batchId"), out var batchId) || await store.GetAsync(batchId, cancellationToken) is not { } batch)
            return CardAttachments.ReplaceWith(Answered("Thanks. This migration batch no longer exists; tell IT directly."));
        var objectId = request.Activity.From?.AadObjectId;
        var user = objectId is null ? null
            : (await store.UsersAsync(batch.Id, cancellationToken)).FirstOrDefault(u => string.Equals(u.Profile.ObjectId, objectId, StringComparison.OrdinalIgnoreCase));
        if (user is null)
            return CardAttachments.Message("This check-in was sent to someone else; only they can answer it.");
        return CardAttachments.ReplaceWith(Answered(await AnswerAsync(batch, user, request, cancellationToken)));
    }

    protected abstract Task<string> AnswerAsync(Batch batch, BatchUser user, CardActionRequest request, CancellationToken cancellationToken);

    protected Task PostToItAsync(Batch batch, string text, CancellationToken cancellationToken) => posts.PostTextAsync(batch, text, cancellationToken);

    private static AdaptiveCard Answered(string text) => new() { Body = [new TextBlock(text) { Wrap = true }], FallbackText = text };
}

/// <summary><c>checkInAllThere</c>.</summary>
public sealed class CheckInAllThereAction(IBatchStore store, BatchPosts posts) : CheckInAnswer(store, posts)
{
    public override string Verb => NoticeCard.AllThereVerb;

    protected override async Task<string> AnswerAsync(Batch batch, BatchUser user, CardActionRequest request, CancellationToken cancellationToken)
    {
        await PostToItAsync(batch, $"Check-in of **{batch.Name}**: {user.EmailAddress} says everything is there.", cancellationToken);
        return "Thanks! Glad everything arrived.";
    }
}

/// <summary><c>checkInMissing</c>: what the user wrote goes to IT, and the user's mailbox is synced again if the batch still holds its credentials.</summary>
public sealed class CheckInMissingAction(IBatchStore store, BatchPosts posts, BatchScheduler scheduler) : CheckInAnswer(store, posts)
{
    private const int MaxText = 1000;

    public override string Verb => NoticeCard.SomethingMissingVerb;

    protected override async Task<string> AnswerAsync(Batch batch, BatchUser user, CardActionRequest request, CancellationToken cancellationToken)
    {
        var what = request.DataString(NoticeCard.MissingInputId)?.Trim();
        what = string.IsNullOrEmpty(what) ? "(no details given)" : what.Length > MaxText ? what[..MaxText] + "…" : what;
        var resync = batch.State is not (BatchState.Completed or BatchState.CompletedWithErrors or BatchState.Removing or BatchState.Stopped);
        if (resync)
            await scheduler.TriggerMailboxAsync(batch.Id, user.EmailAddress, cancellationToken);
        await PostToItAsync(batch, $"Check-in of **{batch.Name}**: {user.EmailAddress} says something is missing: \"{what}\". " + (resync
            ? "Their mailbox is being synced again now."
            : $"The batch is {batch.State} and its stored credentials are purged: to copy again, start a batch for this user (`start batch NAME`)."), cancellationToken);
        return resync ? "Thanks, IT has been told and your mailbox is being synced again." : "Thanks, IT has been told and will get back to you.";
    }
}
