using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using MigrationBot.BotFramework;

namespace MigrationBot.Graph;

/// <summary>
/// The bot's app in the organization's Teams app catalog: its catalog id (which Graph generates, unlike the manifest
/// id) from <c>Graph:TeamsAppId</c>, else looked up once by the manifest id (<c>externalId</c>) and kept. A failed
/// lookup is not kept, so an app published later is found on the next notice.
/// </summary>
public sealed class TeamsAppCatalog(GraphAccess graph, IOptions<GraphOptions> options, IOptions<BotOptions> bot, ILogger<TeamsAppCatalog> logger) : IDisposable
{
    private static readonly string[] AppFields = ["id", "externalId", "displayName", "distributionMethod"];

    private readonly SemaphoreSlim _lookup = new(1, 1);
    private string? _catalogId;

    /// <returns>The catalog id, or why it is not known (what to publish or configure).</returns>
    public async Task<(string? Id, string? Failure)> CatalogIdAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TeamsAppId is { Length: > 0 } configured)
            return (configured.Trim(), null);
        if (_catalogId is { } known)
            return (known, null);
        if (graph.Client is not { } client)
            return (null, GraphAccess.Missing);
        var (manifestId, problem) = await ManifestIdAsync(options.Value, bot.Value.MicrosoftAppId, cancellationToken);
        if (manifestId is null)
            return (null, problem);

        await _lookup.WaitAsync(cancellationToken);
        try
        {
            if (_catalogId is { } found)
                return (found, null);
            var (id, failure) = await LookUpAsync(client, manifestId, cancellationToken);
            if (id is not null)
            {
                _catalogId = id;
                Log.TeamsAppFound(logger, manifestId, id);
            }

            return (id, failure);
        }
        finally
        {
            _lookup.Release();
        }
    }

    /// <summary>
    /// The manifest id: <c>Graph:TeamsAppManifestId</c>; else the <c>id</c> of the manifest at <c>Graph:TeamsAppManifestPath</c>;
    /// else the bot's app id (appPackage/build.sh's default manifest id). Null with the reason when none gives a GUID.
    /// </summary>
    public static async Task<(string? Id, string? Problem)> ManifestIdAsync(GraphOptions options, string? botAppId, CancellationToken cancellationToken)
    {
        if (options.TeamsAppManifestId is { Length: > 0 } configured)
            return (configured.Trim(), null);
        if (options.TeamsAppManifestPath is { Length: > 0 } path)
        {
            if (!File.Exists(path))
                return (null, $"Graph:TeamsAppManifestPath names {path}, which does not exist: point it at the manifest.json appPackage/build.sh wrote, or set Graph:TeamsAppId");
            await using var file = File.OpenRead(path);
            using var manifest = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
            var id = manifest.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            // The source manifest holds the placeholder ${{TEAMS_APP_ID}}; only the built one has the real id.
            return Guid.TryParse(id, out _)
                ? (id, null)
                : (null, $"the manifest at Graph:TeamsAppManifestPath ({path}) has no GUID id ('{id}'): use the one appPackage/build.sh wrote, or set Graph:TeamsAppManifestId");
        }

        return Guid.TryParse(botAppId, out _)
            ? (botAppId, null)
            : (null, "the app's manifest id is not known: set Graph:TeamsAppId, Graph:TeamsAppManifestId or MicrosoftAppId");
    }

    public void Dispose() => _lookup.Dispose();

    private static async Task<(string? Id, string? Failure)> LookUpAsync(GraphServiceClient client, string manifestId, CancellationToken cancellationToken)
    {
        var matches = new List<TeamsApp>();
        try
        {
            var first = await client.AppCatalogs.TeamsApps.GetAsync(
                r =>
                {
                    r.QueryParameters.Filter = $"externalId eq '{ODataText.Quote(manifestId)}'";
                    r.QueryParameters.Select = AppFields;
                },
                cancellationToken);
            if (first is not null)
            {
                // The same manifest id can be in the catalog more than once (sideloaded by a developer, and published).
                var pages = PageIterator<TeamsApp, TeamsAppCollectionResponse>.CreatePageIterator(client, first, app =>
                {
                    if (string.Equals(app.ExternalId, manifestId, StringComparison.OrdinalIgnoreCase))
                        matches.Add(app);
                    return true;
                });
                await pages.IterateAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (GraphErrorText.IsGraphFailure(ex, cancellationToken))
        {
            return (null, GraphErrorText.Status(ex) == 403
                ? $"Graph refused to read the Teams app catalog ({GraphErrorText.Of(ex)}): grant the application permission AppCatalog.Read.All, or set Graph:TeamsAppId"
                : $"the Teams app catalog could not be read: {GraphErrorText.Of(ex)}");
        }

        if (matches.FirstOrDefault(a => a.DistributionMethod == TeamsAppDistributionMethod.Organization) is { Id: { Length: > 0 } id })
            return (id, null);
        return (null, matches.Count == 0
            ? $"the app (manifest id {manifestId}) is not in the organization's Teams app catalog: upload appPackage.zip in the Teams admin center (Manage apps), or set Graph:TeamsAppId"
            : $"the app (manifest id {manifestId}) is in the Teams app catalog only as {string.Join(", ", matches.Select(a => a.DistributionMethod?.ToString() ?? "unknown"))}, " +
              "not published to the organization: upload appPackage.zip in the Teams admin center (Manage apps)");
    }
}
