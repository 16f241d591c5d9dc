using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MigrationBot.Tests.Graph;

/// <summary>
/// Teams apps in Graph v1.0's shapes: the app catalog (<c>GET /appCatalogs/teamsApps</c> with <c>$filter</c> on
/// externalId, id and distributionMethod), a user's installations (<c>POST</c>: 201 with no body, 409 when installed,
/// 404 for a user Teams does not know or an app not in the catalog, 403 when refused; <c>GET</c> with <c>$filter</c> on
/// teamsApp/id or teamsApp/externalId and <c>$expand=teamsApp</c>), and an installation's 1:1 chat. Listings come in
/// pages of <see cref="PageSize"/> linked by <c>@odata.nextLink</c>.
/// </summary>
public sealed partial class FakeGraph
{
    private readonly Dictionary<string, List<string>> _installed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Teams app catalog: catalog id, manifest id (externalId), distribution method (organization, sideloaded, store).</summary>
    public List<(string Id, string ExternalId, string DistributionMethod)> CatalogApps { get; } = [];

    /// <summary>Users (object ids) Teams knows; installing for anyone else answers 404.</summary>
    public HashSet<string> TeamsUsers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Installing answers 403, as without TeamsAppInstallation.ReadWriteForUser.All.</summary>
    public bool RefuseInstalls { get; set; }

    /// <summary>Items per page of the catalog and installation listings.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>Installs <paramref name="catalogId"/> for the user beforehand (the next POST answers 409).</summary>
    public void Install(string userId, string catalogId)
    {
        lock (_installed)
        {
            if (!_installed.TryGetValue(userId, out var apps))
                _installed[userId] = apps = [];
            apps.Add(catalogId);
        }
    }

    /// <summary>The catalog ids installed for the user, in order.</summary>
    public IReadOnlyList<string> InstalledFor(string userId)
    {
        lock (_installed)
        {
            return _installed.TryGetValue(userId, out var apps) ? [.. apps] : [];
        }
    }

    /// <summary>The 1:1 chat of the user with the app: the id Graph answers for the installation's chat.</summary>
    public static string ChatIdOf(string userId, string catalogId) => $"19:{userId}_{catalogId}@unq.gbl.spaces";

    private static string InstallationIdOf(string userId, string catalogId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userId}##{catalogId}")).Replace('/', '_').Replace('+', '-');

    private void MapTeamwork(WebApplication app)
    {
        app.MapGet("/v1.0/appCatalogs/teamsApps", (HttpRequest request) => CatalogPage(request));
        app.MapPost("/v1.0/users/{id}/teamwork/installedApps", (string id, HttpContext context) => InstallApp(id, BodyOf(context)));
        app.MapGet("/v1.0/users/{id}/teamwork/installedApps", (string id, HttpRequest request) => InstallationPage(id, request));
        app.MapGet("/v1.0/users/{id}/teamwork/installedApps/{installation}/chat", (string id, string installation) => Chat(id, installation));
    }

    private IResult CatalogPage(HttpRequest request)
    {
        var filter = Conditions(request.Query["$filter"].FirstOrDefault());
        var apps = CatalogApps.Where(a => filter.All(c => c.Field switch
            {
                "externalId" => a.ExternalId == c.Value,
                "id" => a.Id == c.Value,
                "distributionMethod" => a.DistributionMethod == c.Value,
                _ => false,
            }))
            .Select(a => (object)new Dictionary<string, object?> { ["id"] = a.Id, ["externalId"] = a.ExternalId, ["displayName"] = "MigrationBot", ["distributionMethod"] = a.DistributionMethod });
        return Page(apps, request, "https://graph.microsoft.com/v1.0/$metadata#appCatalogs/teamsApps");
    }

    private IResult InstallApp(string userId, string? body)
    {
        if (RefuseInstalls)
        {
            return Error(403, "Forbidden",
                "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request ''.");
        }

        using var json = JsonDocument.Parse(body ?? "{}");
        var bind = json.RootElement.TryGetProperty("teamsApp@odata.bind", out var link) ? link.GetString() : null;
        var catalogId = bind is null ? null : Regex.Match(bind, "/appCatalogs/teamsApps/([^/]+)$").Groups[1].Value;
        if (string.IsNullOrEmpty(catalogId))
            return Error(400, "BadRequest", "The teamsApp@odata.bind link is missing or not an appCatalogs/teamsApps link.");
        if (!TeamsUsers.Contains(userId))
            return Error(404, "NotFound", $"User '{userId}' was not found in Teams.");
        if (!CatalogApps.Any(a => a.Id == catalogId))
            return Error(404, "NotFound", $"App '{catalogId}' was not found in the catalog.");
        lock (_installed)
        {
            if (InstalledFor(userId).Contains(catalogId))
                return Error(409, "Conflict", "App is already installed.");
            Install(userId, catalogId);
        }

        return Results.StatusCode(201);
    }

    private IResult InstallationPage(string userId, HttpRequest request)
    {
        var filter = Conditions(request.Query["$filter"].FirstOrDefault());
        var expand = request.Query["$expand"].FirstOrDefault()?.Split(',').Contains("teamsApp") == true;
        var installations = InstalledFor(userId)
            .Select(id => CatalogApps.First(a => a.Id == id))
            .Where(a => filter.All(c => c.Field switch
            {
                "teamsApp/id" => a.Id == c.Value,
                "teamsApp/externalId" => a.ExternalId == c.Value,
                _ => false,
            }))
            .Select(a =>
            {
                var item = new Dictionary<string, object?> { ["id"] = InstallationIdOf(userId, a.Id) };
                if (expand)
                    item["teamsApp"] = new Dictionary<string, object?> { ["id"] = a.Id, ["externalId"] = a.ExternalId, ["displayName"] = "MigrationBot", ["distributionMethod"] = a.DistributionMethod };
                return (object)item;
            });
        return Page(installations, request, $"https://graph.microsoft.com/v1.0/$metadata#users('{userId}')/teamwork/installedApps(teamsApp())");
    }

    private IResult Chat(string userId, string installationId)
    {
        var catalogId = InstalledFor(userId).FirstOrDefault(id => InstallationIdOf(userId, id) == installationId);
        if (catalogId is null)
            return Error(404, "NotFound", $"Installation '{installationId}' was not found for the user.");
        return Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#chats/$entity",
            ["id"] = ChatIdOf(userId, catalogId),
            ["topic"] = null,
            ["createdDateTime"] = "2026-11-30T09:12:44.018Z",
            ["lastUpdatedDateTime"] = "2026-11-30T09:12:44.018Z",
            ["chatType"] = "oneOnOne",
            ["webUrl"] = $"https://teams.microsoft.com/l/chat/{Uri.EscapeDataString(ChatIdOf(userId, catalogId))}/0?tenantId=tenant-0001",
            ["tenantId"] = "tenant-0001",
        });
    }

    /// <summary>One page of <paramref name="items"/>, with <c>@odata.nextLink</c> (this server's URL, the same query, a skip token) when more follow.</summary>
    private IResult Page(IEnumerable<object> items, HttpRequest request, string context)
    {
        var all = items.ToList();
        var page = int.TryParse(request.Query["$skiptoken"].FirstOrDefault(), out var p) ? p : 0;
        var body = new Dictionary<string, object?> { ["@odata.context"] = context, ["value"] = all.Skip(page * PageSize).Take(PageSize).ToList() };
        if ((page + 1) * PageSize < all.Count)
        {
            var query = string.Join('&', request.Query.Where(q => q.Key != "$skiptoken").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
            body["@odata.nextLink"] = $"{BaseUrl}{request.Path.Value![(BaseUrl.AbsolutePath.Length)..]}?{query}&$skiptoken={page + 1}";
        }

        return Results.Json(body);
    }

    /// <summary>The <c>field eq 'value'</c> conditions of a filter joined by <c>and</c> (all this fake understands).</summary>
    private static List<(string Field, string Value)> Conditions(string? filter) =>
        filter is null
            ? []
            : Regex.Matches(filter, @"([\w/]+) eq '((?:[^']|'')*)'").Select(m => (m.Groups[1].Value, m.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal))).ToList();
}
