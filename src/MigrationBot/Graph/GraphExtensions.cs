using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using MigrationBot.Batches.Endpoints;

namespace MigrationBot.Graph;

public static class GraphExtensions
{
    public const string CredentialKey = "graph";

    /// <summary>
    /// Graph for readiness checks when credentials are configured (<see cref="GraphOptions"/>, else <c>Target</c>'s):
    /// the SDK's own middleware (retries honouring <c>Retry-After</c>, redirects) over a named HttpClient.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection("Graph"));
        // A TokenCredential registered under the key "graph" replaces the client-credential flow (tests: a stand-in tenant).
        services.AddSingleton(sp => GraphAccess.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value, sp.GetRequiredService<IOptions<TargetOptions>>().Value,
            sp.GetKeyedService<TokenCredential>(CredentialKey)));
        return services;
    }
}

/// <summary>The Graph client when the tenant can be reached, or why it cannot be.</summary>
public sealed class GraphAccess
{
    private GraphAccess(TenantReadiness? readiness, string? notConfigured)
    {
        Readiness = readiness;
        NotConfigured = notConfigured;
    }

    public TenantReadiness? Readiness { get; }

    public string? NotConfigured { get; }

    /// <param name="credential">The token source; default: client credentials from the options (tests pass their own).</param>
    /// <param name="finalHandler">The handler under the SDK's middleware; default: the network.</param>
    public static GraphAccess Create(GraphOptions graph, TargetOptions target, TokenCredential? credential = null, HttpMessageHandler? finalHandler = null)
    {
        var tenant = graph.TenantId ?? target.TenantId;
        var client = graph.ClientId ?? target.ClientId;
        var secret = graph.ClientSecret ?? target.ClientSecret;
        if (credential is null && (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(client) || string.IsNullOrWhiteSpace(secret)))
            return new GraphAccess(null, "Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret, or Target's), so Microsoft 365 readiness was not checked");
        credential ??= new ClientSecretCredential(tenant, client, secret);
        // The SDK sends the token only to hosts it allows: Graph's own, or the configured base URL's (a stand-in in tests).
        var auth = new AzureIdentityAuthenticationProvider(credential, allowedHosts: [graph.BaseUrl.Host], scopes: ["https://graph.microsoft.com/.default"]);
        var http = GraphClientFactory.Create(finalHandler: finalHandler);
        return new GraphAccess(new TenantReadiness(new GraphServiceClient(http, auth, graph.BaseUrl.AbsoluteUri.TrimEnd('/'))), null);
    }
}
