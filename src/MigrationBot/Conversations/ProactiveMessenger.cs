using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards;
using MigrationBot.Cards.Model;

namespace MigrationBot.Conversations;

/// <summary>
/// Speaks first: sends to, updates in and opens conversations the bot holds a stored reference for.
/// The reference's service URL came from an authenticated activity, so it is trusted for the bot's token.
/// </summary>
public sealed class ProactiveMessenger(ConversationStore store, ConnectorClient connector, TrustedServiceUrls trusted, TeamsUserLookup users)
{
    /// <summary>Sends <paramref name="activity"/> as a new message in a stored conversation.</summary>
    /// <exception cref="UnknownConversationException">No reference is stored for the conversation.</exception>
    /// <exception cref="MessageWritesBlockedException">The user blocked or uninstalled the bot.</exception>
    public async Task<ResourceResponse> SendAsync(string conversationId, OutboundActivity activity, CancellationToken cancellationToken)
    {
        var reference = await ResolveAsync(conversationId, cancellationToken);
        return await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, cancellationToken);
    }

    public Task<ResourceResponse> SendTextAsync(string conversationId, string text, CancellationToken cancellationToken) =>
        SendAsync(conversationId, OutboundActivity.FromText(text), cancellationToken);

    public Task<ResourceResponse> SendCardAsync(string conversationId, AdaptiveCard card, CancellationToken cancellationToken) =>
        SendAsync(conversationId, CardAttachments.ToActivity(card), cancellationToken);

    /// <summary>Replaces an earlier message of the bot (e.g. a progress card).</summary>
    public async Task<ResourceResponse> UpdateAsync(string conversationId, string activityId, OutboundActivity activity, CancellationToken cancellationToken)
    {
        var reference = await ResolveAsync(conversationId, cancellationToken);
        return await connector.UpdateAsync(reference.ServiceUrl, reference.ConversationId, activityId, activity, cancellationToken);
    }

    /// <summary>
    /// Opens (or finds, Teams returns the existing one) the 1:1 chat with <paramref name="userId"/> (an Entra object id,
    /// turned into the person's Teams user id when the bot or the conversation's roster knows it), using the service
    /// URL, tenant and bot of a stored conversation in the same tenant, and stores its reference.
    /// </summary>
    public async Task<ConversationReference> CreatePersonalConversationAsync(string viaConversationId, string userId, CancellationToken cancellationToken)
    {
        var via = await ResolveAsync(viaConversationId, cancellationToken);
        var memberId = await users.TeamsIdAsync(via, userId, cancellationToken) ?? userId;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = via.BotId, Name = via.BotName },
            Members = [new ChannelAccount { Id = memberId, AadObjectId = memberId == userId ? null : userId }],
            TenantId = via.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = via.TenantId } },
        };
        var created = await connector.CreateConversationAsync(via.ServiceUrl, parameters, cancellationToken);
        var reference = via with
        {
            ConversationId = created.Id ?? throw new InvalidOperationException("The Connector created a conversation without an id."),
            ServiceUrl = created.ServiceUrl ?? via.ServiceUrl,
            ConversationType = "personal",
            UserId = memberId,
            UserAadObjectId = memberId == userId ? null : userId,
            UserName = null,
            TeamId = null,
            TeamsChannelId = null,
        };
        trusted.Trust(reference.ServiceUrl);
        await store.UpsertAsync(reference, cancellationToken);
        return reference;
    }

    /// <summary>
    /// Stores the reference of a 1:1 chat that was opened outside the Connector (the app installed for the user through
    /// Graph, whose chat id is the conversation id), with the service URL, tenant and bot of a stored conversation in
    /// the same tenant, as <see cref="CreatePersonalConversationAsync"/> does.
    /// </summary>
    /// <param name="userAadObjectId">The user's Entra object id, by which <see cref="ConversationStore.FindPersonalAsync"/> finds the chat again.</param>
    /// <exception cref="UnknownConversationException">No reference is stored for <paramref name="viaConversationId"/>.</exception>
    public async Task<ConversationReference> AdoptPersonalConversationAsync(
        string viaConversationId, string conversationId, string userAadObjectId, CancellationToken cancellationToken)
    {
        var via = await ResolveAsync(viaConversationId, cancellationToken);
        var reference = via with
        {
            ConversationId = conversationId,
            ConversationType = "personal",
            UserId = null,
            UserAadObjectId = userAadObjectId,
            UserName = null,
            TeamId = null,
            TeamsChannelId = null,
        };
        await store.UpsertAsync(reference, cancellationToken);
        return reference;
    }

    /// <summary>Starts a new thread in the channel of a stored channel conversation, and stores the thread's reference.</summary>
    public async Task<ConversationReference> StartChannelThreadAsync(string channelConversationId, OutboundActivity activity, CancellationToken cancellationToken)
    {
        var via = await ResolveAsync(channelConversationId, cancellationToken);
        var channelId = via.TeamsChannelId ?? via.ConversationId.Split(';')[0];
        var parameters = new ConversationParameters
        {
            IsGroup = true,
            Bot = new ChannelAccount { Id = via.BotId, Name = via.BotName },
            TenantId = via.TenantId,
            ChannelData = new TeamsChannelData
            {
                Channel = new TeamsEntity { Id = channelId },
                Team = via.TeamId is null ? null : new TeamsEntity { Id = via.TeamId },
                Tenant = new TeamsEntity { Id = via.TenantId },
            },
            Activity = activity,
        };
        var created = await connector.CreateConversationAsync(via.ServiceUrl, parameters, cancellationToken);
        var reference = via with
        {
            ConversationId = created.Id ?? throw new InvalidOperationException("The Connector created a thread without an id."),
            ConversationType = "channel",
            TeamsChannelId = channelId,
        };
        await store.UpsertAsync(reference, cancellationToken);
        return reference;
    }

    private async Task<ConversationReference> ResolveAsync(string conversationId, CancellationToken cancellationToken)
    {
        var reference = await store.GetAsync(conversationId, cancellationToken) ?? throw new UnknownConversationException(conversationId);
        trusted.Trust(reference.ServiceUrl);
        return reference;
    }
}
