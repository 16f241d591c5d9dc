using Microsoft.Extensions.Options;
using MigrationBot.Batches.Access;
using MigrationBot.Batches.Commands;
using MigrationBot.Batches.Endpoints;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Conversations;

namespace MigrationBot.Batches.Form;

/// <summary>
/// <c>continueInPersonalChat</c>: per-user passwords must not be typed in a channel, so the form moves to the
/// presser's 1:1 chat with the bot (opened if need be); the batch still reports to the channel it was started in.
/// </summary>
public sealed class ContinueInPersonalChatAction(
    BatchChat chat, ProactiveMessenger messenger, IOptionsMonitor<Dictionary<string, SourceEndpointOptions>> endpoints) : ICardActionHandler
{
    public string Verb => BatchFormFields.ContinueInPersonalChatVerb;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var values = BatchFormValues.FromData(request.Data);
        var name = values[BatchFormFields.BatchName] ?? "batch";
        var decision = await chat.AuthorizeAsync(BatchPermission.Administer, request.Activity, "continueInPersonalChat", null, name, cancellationToken);
        if (!decision.Allowed)
            return CardAttachments.ReplaceWith(ConfirmCard.Answered(decision.Refusal!));
        var channel = request.Activity.Conversation?.Id;
        var user = request.Activity.From?.Id;
        if (channel is null || user is null)
            return CardAttachments.Error(400, "BadRequest", "The press did not say where it came from.");

        var form = BatchFormCard.Build(new BatchFormView(name, [.. endpoints.CurrentValue.Keys], InChannel: false, OriginConversationId: channel));
        try
        {
            var personal = await messenger.CreatePersonalConversationAsync(channel, user, cancellationToken);
            await messenger.SendCardAsync(personal.ConversationId, form, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException)
        {
            return CardAttachments.ReplaceWith(ConfirmCard.Answered(
                $"I could not open your personal chat with MigrationBot ({ex.Message}). Open it yourself (Apps → MigrationBot) and type start batch {name} there."));
        }

        return CardAttachments.ReplaceWith(ConfirmCard.Answered(
            $"The form for {name} is in your personal chat with MigrationBot: fill it in there, with the users' passwords. The batch's progress card will appear here."));
    }
}
