using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace MigrationBot.BotFramework.Connector;

/// <summary>Picks the Azure.Identity credential for the app type (BOTFRAMEWORK.md §1.2).</summary>
public static class BotCredentials
{
    /// <summary>The legacy multi-tenant authority (botbuilder <c>DefaultChannelAuthTenant</c>).</summary>
    public const string MultiTenantAuthority = "botframework.com";

    public static TokenCredential Create(BotOptions options)
    {
        var appId = options.MicrosoftAppId ?? throw new InvalidOperationException("MicrosoftAppId is not set.");
        return options.AppType switch
        {
            BotAppType.UserAssignedMSI => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(appId)),
            BotAppType.SingleTenant => FromSecretOrCertificate(options.MicrosoftAppTenantId!, appId, options),
            BotAppType.MultiTenant => FromSecretOrCertificate(MultiTenantAuthority, appId, options),
            _ => throw new InvalidOperationException($"MicrosoftAppType '{options.MicrosoftAppType}' is not supported."),
        };
    }

    private static TokenCredential FromSecretOrCertificate(string tenant, string appId, BotOptions options)
    {
        if (!string.IsNullOrEmpty(options.MicrosoftAppPassword))
        {
            return new ClientSecretCredential(tenant, appId, options.MicrosoftAppPassword);
        }

        var path = options.MicrosoftAppCertificatePath!;
        if (path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase))
        {
            return new ClientCertificateCredential(tenant, appId, path);
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.MicrosoftAppCertificatePassword);
        return new ClientCertificateCredential(tenant, appId, certificate);
    }
}
