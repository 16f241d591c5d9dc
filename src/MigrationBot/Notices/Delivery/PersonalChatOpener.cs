using Microsoft.Extensions.Logging;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Conversations;
using MigrationBot.Graph;

namespace MigrationBot.Notices.Delivery;

/// <summary>
/// Finds or opens a user's 1:1 chat with the bot, in this order: the stored reference; the app installed for them
/// through Graph (when Graph is configured), whose chat is then stored; the conversation created through the Bot
/// Connector. The last two borrow the service URL, tenant and bot of the batch's conversation.
/// </summary>
public sealed class PersonalChatOpener(ConversationStore conversations, ProactiveMessenger messenger, TeamsAppInstaller installer, ILogger<PersonalChatOpener> logger)
{
    /// <param name="objectId">The user's Entra object id.</param>
    public async Task<PersonalChat> OpenAsync(Batch batch, string objectId, CancellationToken cancellationToken)
    {
        if (await conversations.FindPersonalAsync(objectId, cancellationToken) is { } stored)
            return new PersonalChat(stored, null, null);
        if (batch.ConversationId is not { } via)
            return PersonalChat.None("the user has no chat with the bot, and the batch has no conversation to open one through");
        // Both ways borrow the batch conversation's service URL: without it, installing the app would change the user's Teams for nothing.
        if (await conversations.GetAsync(via, cancellationToken) is null)
            return PersonalChat.None(new UnknownConversationException(via).Message);

        string? graphFailure = null;
        if (installer.NotConfigured is null)
        {
            var installed = await installer.OpenPersonalChatAsync(objectId, cancellationToken);
            if (installed.ChatId is { } chatId)
            {
                try
                {
                    var adopted = await messenger.AdoptPersonalConversationAsync(via, chatId, objectId, cancellationToken);
                    return new PersonalChat(adopted, installed.AlreadyInstalled
                        ? "the app was already installed for the user; its 1:1 chat was found through Graph"
                        : "the app was installed for the user through Graph", null);
                }
                catch (UnknownConversationException ex)
                {
                    return PersonalChat.None(ex.Message);
                }
            }

            graphFailure = installed.Failure ?? "Graph answered no chat";
            Log.TeamsAppInstallFailed(logger, objectId, graphFailure);
        }

        try
        {
            var created = await messenger.CreatePersonalConversationAsync(via, objectId, cancellationToken);
            return new PersonalChat(created, graphFailure is null ? null : $"Graph could not install the app ({graphFailure}); the chat was opened through the Bot Connector", null);
        }
        catch (Exception ex) when (ex is ConnectorException or UnknownConversationException or HttpRequestException)
        {
            return PersonalChat.None(graphFailure is null
                ? ex.Message
                : $"Graph could not install the app ({graphFailure}); the Bot Connector could not open the chat either ({ex.Message})");
        }
    }
}
