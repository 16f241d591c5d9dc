using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace MigrationBot.Graph;

/// <summary>
/// Installs the bot's app in a user's personal scope through Graph and answers the 1:1 chat it opens, so the bot can
/// speak first to someone who never chatted with it (msteams-docs: "Proactive installation of apps using Graph API"):
/// <c>POST /users/{id}/teamwork/installedApps</c> (201, or 409 when installed before), the installation found by
/// the app's catalog id, then <c>GET …/installedApps/{installation}/chat</c>. Needs the application permission
/// TeamsAppInstallation.ReadWriteForUser.All. Every failure is a reason, never an exception.
/// </summary>
public sealed class TeamsAppInstaller(GraphAccess graph, TeamsAppCatalog catalog, ILogger<TeamsAppInstaller> logger)
{
    public const string Permission = "TeamsAppInstallation.ReadWriteForUser.All";

    /// <summary>Null when installs can be tried; else why not (Graph is not configured).</summary>
    public string? NotConfigured => graph.Client is null ? GraphAccess.Missing : null;

    /// <param name="userId">The user's Entra object id (or user principal name).</param>
    public async Task<PersonalAppChat> OpenPersonalChatAsync(string userId, CancellationToken cancellationToken)
    {
        if (graph.Client is not { } client)
            return PersonalAppChat.Failed(GraphAccess.Missing);
        var (appId, catalogFailure) = await catalog.CatalogIdAsync(cancellationToken);
        if (appId is null)
            return PersonalAppChat.Failed(catalogFailure ?? "the app's catalog id is not known");

        var installations = client.Users[userId].Teamwork.InstalledApps;
        bool alreadyInstalled;
        try
        {
            var install = new UserScopeTeamsAppInstallation
            {
                AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{graph.BaseUrl.AbsoluteUri.TrimEnd('/')}/appCatalogs/teamsApps/{appId}" },
            };
            await installations.PostAsync(install, cancellationToken: cancellationToken);
            alreadyInstalled = false;
        }
        catch (Exception ex) when (GraphErrorText.Status(ex) == 409)
        {
            alreadyInstalled = true;
        }
        catch (Exception ex) when (GraphErrorText.IsGraphFailure(ex, cancellationToken))
        {
            return PersonalAppChat.Failed(InstallFailure(ex, appId));
        }

        try
        {
            if (await FindInstallationAsync(client, userId, appId, cancellationToken) is not { } installationId)
                return PersonalAppChat.Failed($"Graph lists no installation of the app (catalog id {appId}) for the user after installing it");
            var chat = await installations[installationId].Chat.GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken);
            if (chat?.Id is not { Length: > 0 } chatId)
                return PersonalAppChat.Failed("Graph answered no chat for the app's installation");
            Log.TeamsAppInstalled(logger, userId, alreadyInstalled);
            return new PersonalAppChat(chatId, alreadyInstalled, null);
        }
        catch (Exception ex) when (GraphErrorText.IsGraphFailure(ex, cancellationToken))
        {
            return PersonalAppChat.Failed(GraphErrorText.Status(ex) == 403
                ? $"Graph refused to read the app's installation or chat ({GraphErrorText.Of(ex)}): grant the application permission {Permission}"
                : $"the app's 1:1 chat could not be read: {GraphErrorText.Of(ex)}");
        }
    }

    private static string InstallFailure(Exception ex, string appId) => GraphErrorText.Status(ex) switch
    {
        403 => $"Graph refused to install the app ({GraphErrorText.Of(ex)}): grant the application permission {Permission} and admin consent, " +
               "and allow the app for the user in the Teams admin center (permission and setup policies)",
        404 => $"the user or the app is unknown to Teams ({GraphErrorText.Of(ex)}): the user needs a Teams license (or is not in this tenant), " +
               $"and the app must be in the organization's catalog (catalog id {appId})",
        _ => $"installing the app failed: {GraphErrorText.Of(ex)}",
    };

    /// <summary>The user's installation of the app, by its catalog id, across every page of the listing.</summary>
    private static async Task<string?> FindInstallationAsync(GraphServiceClient client, string userId, string appId, CancellationToken cancellationToken)
    {
        var first = await client.Users[userId].Teamwork.InstalledApps.GetAsync(
            r =>
            {
                r.QueryParameters.Expand = ["teamsApp"];
                r.QueryParameters.Filter = $"teamsApp/id eq '{ODataText.Quote(appId)}'";
            },
            cancellationToken);
        if (first is null)
            return null;
        string? found = null;
        var pages = PageIterator<UserScopeTeamsAppInstallation, UserScopeTeamsAppInstallationCollectionResponse>.CreatePageIterator(client, first, installation =>
        {
            // The filter should leave only this app; the check keeps a server that ignores it from handing us another app's chat.
            if (string.Equals(installation.TeamsApp?.Id, appId, StringComparison.OrdinalIgnoreCase) && installation.Id is { Length: > 0 } id)
                found = id;
            return found is null;
        });
        await pages.IterateAsync(cancellationToken);
        return found;
    }
}
