using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationBot.DemoServers.Graph;

/// <summary>
/// A stand-in for Microsoft Graph v1.0, <b>for the local demo only</b>: it answers on a loopback port, in Graph's
/// response shapes, the few reads the bot makes during preflight and for notices (<c>GET /users/{id}</c> with an enabled
/// Exchange Online plan, <c>GET /users/{id}/mailboxSettings</c>, <c>GET /domains</c> with the demo domain verified), so
/// each demo user gets an Entra object id and their notices arrive in the Agents Playground. It checks no token (it
/// wants a bearer, any bearer, as Graph wants one) and holds nothing secret; everything else answers Graph's 404 error.
/// The bot reaches it only with <c>Graph:DangerouslyUseLoopbackWithoutToken</c>, which Development alone honours.
/// </summary>
internal sealed class DemoGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, DemoGraphUser> _users = new(StringComparer.OrdinalIgnoreCase);

    private DemoGraph(WebApplication app, IReadOnlyList<DemoGraphUser> users)
    {
        _app = app;
        Users = users;
        // Graph finds a user by object id or by user principal name; the bot asks by address, then by the id it was given.
        foreach (var user in users)
        {
            _users[user.EmailAddress] = user;
            _users[user.ObjectId] = user;
        }
    }

    /// <summary>E.g. <c>http://127.0.0.1:41234/v1.0</c>, what the bot's <c>Graph:BaseUrl</c> is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<DemoGraphUser> Users { get; }

    public static async Task<DemoGraph> StartAsync(IReadOnlyList<DemoGraphUser> users, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new DemoGraph(app, users);
        app.Use(async (context, next) =>
        {
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                await Error(401, "InvalidAuthenticationToken", "Access token is empty.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapGet("/v1.0/users/{id}", (string id) => graph.User(id));
        app.MapGet("/v1.0/users/{id}/mailboxSettings", (string id) => graph.MailboxSettings(id));
        app.MapGet("/v1.0/domains", () => Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#domains(id,isVerified)",
            ["value"] = new[] { new { id = DemoUser.Domain, isVerified = true, isDefault = true, authenticationType = "Managed" } },
        }));
        app.MapFallback((HttpRequest request) =>
            Error(404, "Request_ResourceNotFound", $"The demo's Graph stand-in answers only users, mailboxSettings and domains, not {request.Method} {request.Path}."));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        graph.BaseUrl = new Uri(address.TrimEnd('/') + "/v1.0");
        return graph;
    }

    private IResult User(string id)
    {
        if (!_users.TryGetValue(id, out var user))
            return Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
        return Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,accountEnabled,userPrincipalName,mail,assignedPlans)/$entity",
            ["id"] = user.ObjectId,
            ["displayName"] = user.DisplayName,
            ["accountEnabled"] = true,
            ["userPrincipalName"] = user.EmailAddress,
            ["mail"] = user.EmailAddress,
            // Exchange Online (Plan 1)'s service plan, as a licence assigns it.
            ["assignedPlans"] = new[]
            {
                new { assignedDateTime = "2026-01-05T09:00:00Z", capabilityStatus = "Enabled", service = "exchange", servicePlanId = "9aaf7827-d63c-4b61-89c3-182f06f82e5c" },
            },
        });
    }

    private IResult MailboxSettings(string id)
    {
        if (!_users.TryGetValue(id, out var user))
            return Error(404, "ResourceNotFound", $"User '{id}' not found.");
        return Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{user.ObjectId}')/mailboxSettings",
            ["timeZone"] = user.TimeZone,
            ["language"] = new { locale = user.Locale, displayName = user.Locale },
        });
    }

    private static IResult Error(int status, string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
