using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Endpoints;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Batches.Form;

/// <summary>
/// <c>submitBatch</c>: checks the whole form and answers every problem at once in the card; a valid form creates the
/// batch (passwords encrypted before they are stored), schedules its start, and the form becomes its progress card.
/// </summary>
public sealed class SubmitBatchAction(
    BatchChat chat,
    CredentialProtector protector,
    TargetLogins target,
    BatchScheduler scheduler,
    ProgressCardFactory cards,
    IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints,
    FormUploads uploads,
    ConversationStore conversations,
    BatchPosts posts,
    TimeProvider time,
    ILogger<SubmitBatchAction> logger) : ICardActionHandler
{
    public string Verb => BatchFormFields.SubmitVerb;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var submitted = SubmittedForm.Read(request, uploads);
        var (name, values, inChannel, origin) = (submitted.Name, submitted.Values, submitted.InChannel, submitted.Origin);
        AdaptiveCardInvokeResponse Again(IReadOnlyList<FormProblem> problems, bool csvHoldsPasswords) =>
            CardAttachments.ReplaceWith(BatchFormCard.Build(submitted.Again(endpoints.CurrentValue.Keys, problems, csvHoldsPasswords)));

        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, request.Activity, "submit", null, name, cancellationToken);
        if (!decision.Allowed)
            return Again([new FormProblem(null, decision.Refusal!)], csvHoldsPasswords: true);
        if (target.Problem is { } targetProblem)
            return Again([new FormProblem(null, $"I can't start batches yet: {targetProblem}.")], csvHoldsPasswords: true);

        var context = new FormContext(endpoints.CurrentValue, inChannel, target.NeedsUserPasswords, time.GetUtcNow());
        var (form, problems) = BatchFormReader.Read(values, context);
        var perUser = submitted.PerUserPasswords;
        if (form is null)
            return Again(problems, csvHoldsPasswords: perUser);

        var reportTo = request.Activity.Conversation?.Id;
        if (origin is not null)
        {
            // The form came on from a channel: the batch reports there. Only to a channel the bot knows, in this tenant.
            var channel = await conversations.GetAsync(origin, cancellationToken);
            if (channel is null || channel.ConversationType is not ("channel" or "groupChat") || !string.Equals(channel.TenantId, request.Activity.TenantId, StringComparison.OrdinalIgnoreCase))
                return Again([new FormProblem(null, "The channel this form came from is no longer known to MigrationBot; start the batch again there.")], csvHoldsPasswords: perUser);
            reportTo = channel.ConversationId;
        }

        var settings = form.Settings with { RequesterName = request.Activity.From?.Name is { Length: > 0 } who ? who : null };
        var draft = new BatchDraft(name, decision.Actor, settings, reportTo,
            [.. form.Users.Select(u => new DraftUser(u.EmailAddress, u.UserName, u.UserRoot, u.Password is null ? null : protector.Protect(u.Password)))],
            form.AdminPassword is null ? null : protector.Protect(form.AdminPassword));
        Batch batch;
        try
        {
            batch = await chat.Store.CreateAsync(draft, cancellationToken);
        }
        catch (BatchNameTakenException taken)
        {
            return Again([new FormProblem(null, taken.Message)], csvHoldsPasswords: perUser);
        }

        uploads.Forget(submitted.Upload?.Key);
        // Told before the start is scheduled, so the channel reads "created" before the preflight that follows at once.
        await posts.PostAsync(batch, CreatedCard.Build(batch, form.Users.Count, time.GetUtcNow()), cancellationToken);
        // The form becomes the progress card, unless the batch reports to the channel the form came from.
        if (origin is null && request.Activity.ReplyToId is { Length: > 0 } cardActivity)
            await chat.Store.SetProgressActivityAsync(batch.Id, cardActivity, cancellationToken);
        await scheduler.ScheduleStartAsync(batch, cancellationToken);
        Log.BatchCreated(logger, batch.Name, form.Users.Count);
        var when = batch.Settings.StartAt is { } at && at > time.GetUtcNow() ? $"It starts on {Quantities.Time(at)}." : "Preflight starts now.";
        var created = $"Created {batch.Name}: {form.Summary}. {when}";
        return origin is null
            ? CardAttachments.ReplaceWith(await cards.BuildAsync(batch, Viewer.ReadOnly, cancellationToken, created))
            : CardAttachments.ReplaceWith(ConfirmCard.Answered(created + " Its progress card is in the channel where you started it."));
    }
}
