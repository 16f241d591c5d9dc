using MigrationBot.BotFramework.Connector;

namespace MigrationBot.Conversations;

/// <summary>
/// A person's Teams user id (what <c>POST v3/conversations</c> takes as the member of a 1:1 chat, BOTFRAMEWORK.md §1.3)
/// from their Entra object id: the one the bot has seen in their own activities (<see cref="PeopleDirectory"/>), else
/// the one in the roster of the team (or chat) a stored conversation belongs to, read page by page and remembered.
/// </summary>
public sealed class TeamsUserLookup(PeopleDirectory people, ConnectorClient connector, TimeProvider time)
{
    private const int PageSize = 500;

    /// <returns>
    /// The Teams user id, or null when neither the bot nor the roster knows the person, or the roster cannot be read
    /// (the caller then names the person by their Entra object id, which Teams also takes).
    /// </returns>
    public async Task<string?> TeamsIdAsync(ConversationReference via, string aadObjectId, CancellationToken cancellationToken)
    {
        if ((await people.TeamsIdsAsync([aadObjectId], cancellationToken)) is [var known, ..])
            return known;
        try
        {
            return await FromRosterAsync(via, aadObjectId, cancellationToken);
        }
        catch (ConnectorException)
        {
            return null;
        }
    }

    private async Task<string?> FromRosterAsync(ConversationReference via, string aadObjectId, CancellationToken cancellationToken)
    {
        var roster = via.TeamId ?? via.ConversationId.Split(';')[0];
        string? continuation = null;
        do
        {
            var page = await connector.GetPagedMembersAsync(via.ServiceUrl, roster, PageSize, continuation, cancellationToken);
            foreach (var member in page.Members ?? [])
            {
                if (member.Id is { Length: > 0 } id && string.Equals(member.AadObjectId, aadObjectId, StringComparison.OrdinalIgnoreCase))
                {
                    await people.RememberAsync(aadObjectId, id, member.Name, time.GetUtcNow(), cancellationToken);
                    return id;
                }
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null);

        return null;
    }
}
