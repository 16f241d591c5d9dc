using System.Text.Json;
using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Messages;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;

namespace MigrationBot.Chat;

/// <summary>
/// MigrationBot's chat behaviour: messages become commands answered in the conversation; Action.Execute
/// invokes are routed by verb and answered in the HTTP response; anything unknown gets 501 or help.
/// </summary>
public sealed class TeamsActivityHandler(
    CommandDispatcher commands,
    CardActionRouter cardActions,
    ConnectorClient connector,
    ILogger<TeamsActivityHandler> logger) : IActivityHandler
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    public async Task<InvokeResponse> OnInvokeAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Name, AdaptiveCardActionInvoke, StringComparison.Ordinal))
        {
            Log.InvokeNotImplemented(logger, activity.Name, verb: null);
            return InvokeResponse.NotImplemented;
        }

        var (verb, data) = CardActionRouter.ReadAction(activity.Value);
        var answer = await cardActions.RouteAsync(verb, data, activity, cancellationToken);
        if (answer is null)
        {
            Log.InvokeNotImplemented(logger, activity.Name, verb);
            answer = CardAttachments.Error(501, "NotImplemented", $"The action \"{verb}\" is not known to MigrationBot.");
            return new InvokeResponse(501, JsonSerializer.SerializeToElement(answer, WireJson.Default.AdaptiveCardInvokeResponse));
        }

        return new InvokeResponse(200, JsonSerializer.SerializeToElement(answer, WireJson.Default.AdaptiveCardInvokeResponse));
    }

    public async Task OnActivityAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.Message)
        {
            // Install and membership events only update the stored reference (done before the acknowledgement).
            return;
        }

        var reply = await AnswerMessageAsync(activity, cancellationToken);
        await ReplyAsync(activity, reply, cancellationToken);
    }

    private async Task<OutboundActivity> AnswerMessageAsync(InboundActivity activity, CancellationToken cancellationToken)
    {
        // Action.Submit (legacy) posts a message with `value` and no text; our cards use Action.Execute, but a
        // client that falls back sends the same verb and data here.
        if (string.IsNullOrWhiteSpace(activity.Text) && activity.Value is { ValueKind: JsonValueKind.Object } value)
        {
            var verb = value.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var answer = await cardActions.RouteAsync(verb, value, activity, cancellationToken);
            if (answer is { Type: ContentTypes.AdaptiveCard })
            {
                return new OutboundActivity { Attachments = [new OutboundAttachment(ContentTypes.AdaptiveCard, answer.Value)] };
            }

            return CardAttachments.ToActivity(HelpCard.Build());
        }

        var command = CommandParser.Parse(MentionText.StripBotMention(activity));
        Log.ChatCommand(logger, command.Kind.ToString(), activity.Conversation?.Id);
        return await commands.AnswerAsync(command, activity, cancellationToken);
    }

    private Task ReplyAsync(InboundActivity activity, OutboundActivity reply, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl!;
        var conversationId = activity.Conversation!.Id!;
        return activity.Id is { Length: > 0 } id
            ? connector.ReplyAsync(serviceUrl, conversationId, id, reply, cancellationToken)
            : connector.SendToConversationAsync(serviceUrl, conversationId, reply, cancellationToken);
    }
}
