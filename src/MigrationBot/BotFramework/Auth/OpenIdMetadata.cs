using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MigrationBot.BotFramework.Auth;

/// <summary>Builds the cached, self-refreshing reader of the Bot Framework OpenID metadata and its keys.</summary>
public static class OpenIdMetadata
{
    public const string HttpClientName = "BotFramework.OpenIdMetadata";

    public static IConfigurationManager<OpenIdConnectConfiguration> CreateManager(Uri metadataUrl, HttpClient http)
    {
        // Plain http is allowed only for a loopback metadata server (tests, local static config).
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = !metadataUrl.IsLoopback };
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataUrl.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever);
    }
}
