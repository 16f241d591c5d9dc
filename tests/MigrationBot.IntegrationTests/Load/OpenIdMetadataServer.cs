using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>
/// A local, static stand-in for <c>login.botframework.com/v1/.well-known/openidconfiguration</c> and its
/// <c>jwks_uri</c>, so the host validates real RS256 signatures without the network.
/// </summary>
internal sealed class OpenIdMetadataServer : IAsyncDisposable
{
    private const string MetadataPath = "v1/.well-known/openidconfiguration";
    private const string KeysPath = "v1/.well-known/keys";

    private readonly LoopbackServer _server;

    private OpenIdMetadataServer(LoopbackServer server) => _server = server;

    public Uri MetadataUrl => new(_server.BaseUrl, MetadataPath);

    public static async Task<OpenIdMetadataServer> StartAsync(ChannelSigningKey key, CancellationToken cancellationToken)
    {
        Uri? baseUrl = null;
        var server = await LoopbackServer.StartAsync(
            routes =>
            {
                routes.MapGet("/" + MetadataPath, () => Results.Text(
                    new JsonObject
                    {
                        ["issuer"] = ChannelSigningKey.Issuer,
                        ["authorization_endpoint"] = "https://invalid.botframework.com/v1/auth",
                        ["jwks_uri"] = new Uri(baseUrl!, KeysPath).AbsoluteUri,
                        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
                    }.ToJsonString(),
                    "application/json"));
                routes.MapGet("/" + KeysPath, () => Results.Text(key.Jwks().ToJsonString(), "application/json"));
            },
            cancellationToken);
        baseUrl = server.BaseUrl;
        return new OpenIdMetadataServer(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
