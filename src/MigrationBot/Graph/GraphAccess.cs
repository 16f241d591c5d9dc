using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Authentication.Azure;
using MigrationBot.Batches.Endpoints;

namespace MigrationBot.Graph;

/// <summary>
/// The Graph client when the tenant can be reached, or why it cannot be. One client (one token cache, one handler
/// chain) serves readiness, the app installs for notices and the notice emails.
/// </summary>
public sealed class GraphAccess
{
    /// <summary>What to set for Graph, for the reasons that other parts give when it is missing.</summary>
    public const string Missing = "Graph is not configured (Graph:TenantId, Graph:ClientId, Graph:ClientSecret, or Target's)";

    private GraphAccess(GraphServiceClient? client, Uri baseUrl, string? notConfigured)
    {
        Client = client;
        BaseUrl = baseUrl;
        Readiness = client is null ? null : new TenantReadiness(client);
        NotConfigured = notConfigured;
    }

    /// <summary>The SDK client, or null when Graph is not configured.</summary>
    public GraphServiceClient? Client { get; }

    /// <summary>Graph's base URL, e.g. <c>https://graph.microsoft.com/v1.0</c> (no trailing slash), for <c>@odata.bind</c> links.</summary>
    public Uri BaseUrl { get; }

    public TenantReadiness? Readiness { get; }

    /// <summary>Why readiness is not checked (said on the preflight card), or null when Graph is configured.</summary>
    public string? NotConfigured { get; }

    /// <param name="credential">The token source; default: client credentials from the options (tests pass their own).</param>
    /// <param name="finalHandler">The handler under the SDK's middleware; default: the network.</param>
    public static GraphAccess Create(GraphOptions graph, TargetOptions target, TokenCredential? credential = null, HttpMessageHandler? finalHandler = null)
    {
        var baseUrl = new Uri(graph.BaseUrl.AbsoluteUri.TrimEnd('/'));
        var tenant = graph.TenantId ?? target.TenantId;
        var client = graph.ClientId ?? target.ClientId;
        var secret = graph.ClientSecret ?? target.ClientSecret;
        if (credential is null && (string.IsNullOrWhiteSpace(tenant) || string.IsNullOrWhiteSpace(client) || string.IsNullOrWhiteSpace(secret)))
            return new GraphAccess(null, baseUrl, Missing + ", so Microsoft 365 readiness was not checked");
        credential ??= new ClientSecretCredential(tenant, client, secret);
        // The SDK sends the token only to hosts it allows: Graph's own, or the configured base URL's (a stand-in in tests).
        var auth = new AzureIdentityAuthenticationProvider(credential, allowedHosts: [graph.BaseUrl.Host], scopes: ["https://graph.microsoft.com/.default"]);
        // The SDK's default middleware: RetryHandler waits out 429/503/504 as Retry-After says (at most 3 retries), for
        // POSTs too, since the SDK buffers its JSON bodies.
        var http = GraphClientFactory.Create(finalHandler: finalHandler);
        return new GraphAccess(new GraphServiceClient(http, auth, graph.BaseUrl.AbsoluteUri.TrimEnd('/')), baseUrl, null);
    }
}
