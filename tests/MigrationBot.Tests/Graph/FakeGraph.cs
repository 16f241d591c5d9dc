using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Tests.Graph;

/// <summary>
/// A local HTTP server answering with Graph v1.0's response shapes for what readiness reads: users (with assigned
/// plans), mailbox settings, domains (in pages linked by <c>@odata.nextLink</c> with its own base URL), and a 429 with
/// <c>Retry-After</c> once for a chosen user; and for what notices use (<c>FakeGraph.Teamwork.cs</c>, <c>FakeGraph.Mail.cs</c>).
/// It records each request's method, path, Authorization header and body.
/// </summary>
public sealed partial class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentQueue<(string Method, string PathPrefix)> _throttles = new();
    private int _throttled;

    private FakeGraph(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Users by address: enabled, Exchange plan status (null: no plan), whether a mailbox exists.</summary>
    public Dictionary<string, (bool Enabled, string? ExchangePlan, bool Mailbox)> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Domains and whether verified, served two per page.</summary>
    public List<(string Name, bool Verified)> Domains { get; } = [];

    /// <summary>This user's first lookup answers 429 with Retry-After: 1.</summary>
    public string? ThrottleOnce { get; set; }

    public IReadOnlyList<GraphRequest> Requests => [.. _requests];

    /// <summary>The next request with this method whose path starts with <paramref name="pathPrefix"/> answers 429 with Retry-After: 1.</summary>
    public void ThrottleNext(string method, string pathPrefix) => _throttles.Enqueue((method, pathPrefix));

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var graph = new FakeGraph(app);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            string? body = null;
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(request.Body);
                body = await reader.ReadToEndAsync();
                context.Items[BodyKey] = body;
            }

            var path = Uri.UnescapeDataString(request.Path + request.QueryString);
            graph._requests.Enqueue(new GraphRequest(request.Method, path, request.Headers.Authorization.FirstOrDefault(), body));
            if (graph.TakeThrottle(request.Method, path))
            {
                await TooManyRequests().ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapGet("/v1.0/users/{id}", (string id) => graph.User(id));
        app.MapGet("/v1.0/users/{id}/mailboxSettings", (string id) => graph.MailboxSettings(id));
        app.MapGet("/v1.0/domains", (HttpRequest request) => graph.DomainPage(request.Query["$skiptoken"].FirstOrDefault()));
        graph.MapTeamwork(app);
        graph.MapMail(app);
        await app.StartAsync();
        graph.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/v1.0");
        return graph;
    }

    private IResult User(string id)
    {
        if (string.Equals(id, ThrottleOnce, StringComparison.OrdinalIgnoreCase) && Interlocked.Exchange(ref _throttled, 1) == 0)
        {
            return TooManyRequests();
        }

        if (!Users.TryGetValue(id, out var user))
            return Results.Json(new { error = new { code = "Request_ResourceNotFound", message = $"Resource '{id}' does not exist." } }, statusCode: 404);
        object[] plans = user.ExchangePlan is null
            ? [new { capabilityStatus = "Enabled", service = "SharePoint", servicePlanId = "5dbe027f-2339-4123-9542-606e4d348a72" }]
            : [new { capabilityStatus = user.ExchangePlan, service = "exchange", servicePlanId = "9aaf7827-d63c-4b61-89c3-182f06f82e5c" }];
        return Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,accountEnabled,userPrincipalName,mail,assignedPlans)/$entity",
            ["id"] = "id-" + id.Split('@')[0],
            ["displayName"] = "User " + id.Split('@')[0],
            ["accountEnabled"] = user.Enabled,
            ["userPrincipalName"] = id,
            ["mail"] = id,
            ["assignedPlans"] = plans,
        });
    }

    private IResult MailboxSettings(string id)
    {
        var user = Users.FirstOrDefault(u => "id-" + u.Key.Split('@')[0] == id);
        if (user.Key is null || !user.Value.Mailbox)
            return Results.Json(new { error = new { code = "MailboxNotEnabledForRESTAPI", message = "The mailbox is either inactive, soft-deleted, or is hosted on-premise." } }, statusCode: 404);
        return Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{id}')/mailboxSettings",
            ["timeZone"] = "W. Europe Standard Time",
            ["language"] = new { locale = "de-DE", displayName = "German (Germany)" },
        });
    }

    private IResult DomainPage(string? skipToken)
    {
        var page = int.TryParse(skipToken, out var p) ? p : 0;
        var items = Domains.Skip(page * 2).Take(2).Select(d => new { id = d.Name, isVerified = d.Verified }).ToList();
        var body = new Dictionary<string, object?> { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#domains(id,isVerified)", ["value"] = items };
        if ((page + 1) * 2 < Domains.Count)
            body["@odata.nextLink"] = $"{BaseUrl}/domains?$select=id,isVerified&$skiptoken={page + 1}";
        return Results.Json(body);
    }

    private const string BodyKey = "body";

    private static IResult TooManyRequests() =>
        new WithHeader(Results.Json(new { error = new { code = "TooManyRequests", message = "Too many requests" } }, statusCode: 429), "Retry-After", "1");

    private static IResult Error(int status, string code, string message) => Results.Json(new { error = new { code, message } }, statusCode: status);

    private static string? BodyOf(HttpContext context) => context.Items[BodyKey] as string;

    private bool TakeThrottle(string method, string path)
    {
        lock (_throttles)
        {
            var pending = _throttles.ToList();
            var index = pending.FindIndex(t => t.Method == method && path.StartsWith(t.PathPrefix, StringComparison.Ordinal));
            if (index < 0)
                return false;
            pending.RemoveAt(index);
            _throttles.Clear();
            foreach (var left in pending)
                _throttles.Enqueue(left);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>One request as FakeGraph received it; the path includes the query, unescaped.</summary>
public sealed record GraphRequest(string Method, string Path, string? Authorization, string? Body);

/// <summary>A token credential that hands out one fixed token (no Entra ID here).</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
}
