using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationBot.BotFramework;

/// <summary>Refuses a configuration that cannot authenticate, or that weakens security outside Development.</summary>
internal sealed class BotOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var failures = new List<string>();
        if (options.DangerouslyAllowUnauthenticatedRequests && !environment.IsDevelopment())
        {
            failures.Add(
                $"Bot:DangerouslyAllowUnauthenticatedRequests is true but the environment is '{environment.EnvironmentName}'. " +
                "This switch turns off Bot Framework authentication and is honoured only when ASPNETCORE_ENVIRONMENT=Development " +
                "(and then only for loopback callers). Remove it from this environment's configuration.");
        }

        var unauthenticatedDev = options.DangerouslyAllowUnauthenticatedRequests && environment.IsDevelopment();
        if (!options.HasCredentials)
        {
            if (!unauthenticatedDev)
            {
                failures.Add("MicrosoftAppId is required (the bot's Entra app id, or the managed identity's client id).");
            }
        }
        else
        {
            ValidateCredentials(options, failures);
        }

        if (options.OpenIdMetadataUrl is not null)
        {
            failures.Add("Bot:OpenIdMetadataUrl is no longer read: the signing keys come from the Bot Framework's own metadata. " +
                "For a local stand-in in Development, set Bot:DangerouslyOverrideOpenIdMetadataUrl instead.");
        }

        if (options.DangerouslyOverrideOpenIdMetadataUrl is { } metadataUrl)
        {
            if (!environment.IsDevelopment())
            {
                failures.Add(
                    $"Bot:DangerouslyOverrideOpenIdMetadataUrl is set but the environment is '{environment.EnvironmentName}'. " +
                    "Whoever serves that URL can sign tokens the bot accepts, so it is honoured only when ASPNETCORE_ENVIRONMENT=Development. " +
                    "Remove it from this environment's configuration.");
            }
            else if (!metadataUrl.IsAbsoluteUri)
            {
                failures.Add("Bot:DangerouslyOverrideOpenIdMetadataUrl must be an absolute URL.");
            }
        }

        if (options.ActivityQueueCapacity is < 1 or > 100_000)
        {
            failures.Add("Bot:ActivityQueueCapacity must be between 1 and 100000.");
        }

        if (options.ActivityWorkers is < 1 or > 64)
        {
            failures.Add("Bot:ActivityWorkers must be between 1 and 64.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateCredentials(BotOptions options, List<string> failures)
    {
        var hasSecret = !string.IsNullOrEmpty(options.MicrosoftAppPassword);
        var hasCertificate = !string.IsNullOrEmpty(options.MicrosoftAppCertificatePath);
        switch (options.AppType)
        {
            case BotAppType.SingleTenant:
                if (string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
                {
                    failures.Add("MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant.");
                }

                if (!hasSecret && !hasCertificate)
                {
                    failures.Add("SingleTenant needs MicrosoftAppPassword or MicrosoftAppCertificatePath.");
                }

                break;
            case BotAppType.MultiTenant:
                if (!hasSecret && !hasCertificate)
                {
                    failures.Add("MultiTenant needs MicrosoftAppPassword or MicrosoftAppCertificatePath.");
                }

                break;
            case BotAppType.UserAssignedMSI:
                if (hasSecret || hasCertificate)
                {
                    failures.Add("UserAssignedMSI takes no MicrosoftAppPassword or certificate: the managed identity is the credential.");
                }

                break;
            default:
                failures.Add($"MicrosoftAppType '{options.MicrosoftAppType}' is not one of SingleTenant, UserAssignedMSI, MultiTenant.");
                break;
        }

        if (hasCertificate && !File.Exists(options.MicrosoftAppCertificatePath))
        {
            failures.Add($"MicrosoftAppCertificatePath '{options.MicrosoftAppCertificatePath}' does not exist.");
        }
    }
}
