namespace MigrationBot.BotFramework;

/// <summary>
/// The bot's identity, bound from the configuration keys Teams developers know (<c>MicrosoftAppId</c>,
/// <c>MicrosoftAppType</c>, <c>MicrosoftAppTenantId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppCertificatePath</c>)
/// plus the <c>Bot</c> section. Validated at start-up by <see cref="BotOptionsValidator"/>.
/// </summary>
public sealed class BotOptions
{
    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string? MicrosoftAppId { get; set; }
    /// <summary><c>SingleTenant</c> (default), <c>UserAssignedMSI</c> or <c>MultiTenant</c> (legacy).</summary>
    public string MicrosoftAppType { get; set; } = nameof(BotAppType.SingleTenant);
    public string? MicrosoftAppTenantId { get; set; }
    /// <summary>The client secret. Never logged.</summary>
    public string? MicrosoftAppPassword { get; set; }
    /// <summary>A PEM or PFX certificate for the app registration, instead of a secret.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }
    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>
    /// <c>Bot:DangerouslyAllowUnauthenticatedRequests</c>: accept activities without a Bot Framework token.
    /// Honoured only in Development and only from loopback callers (the Agents Playground sends no token);
    /// any other environment refuses to start with it set.
    /// </summary>
    public bool DangerouslyAllowUnauthenticatedRequests { get; set; }

    /// <summary>
    /// <c>Bot:DangerouslyOverrideOpenIdMetadataUrl</c>: read the signing keys from elsewhere than the Bot Framework's own
    /// metadata (a local stand-in). Whoever controls that URL can sign tokens the bot accepts, so, like the
    /// unauthenticated switch, it is honoured only in Development and any other environment refuses to start with it.
    /// </summary>
    public Uri? DangerouslyOverrideOpenIdMetadataUrl { get; set; }

    /// <summary>The old name of the override; set, it stops the start with a message naming the new one.</summary>
    public string? OpenIdMetadataUrl { get; set; }

    /// <summary>Where the Connector's signing keys are read from: the Bot Framework's metadata unless overridden (Development).</summary>
    public Uri EffectiveOpenIdMetadataUrl => DangerouslyOverrideOpenIdMetadataUrl ?? new Uri(PublicOpenIdMetadataUrl);

    /// <summary><c>Bot:ActivityQueueCapacity</c>: messages waiting for the background worker before we answer 503.</summary>
    public int ActivityQueueCapacity { get; set; } = 256;

    /// <summary><c>Bot:ActivityWorkers</c>: conversations handled in parallel (one conversation is always handled in order).</summary>
    public int ActivityWorkers { get; set; } = 4;

    /// <summary>The tenant every activity must come from: <c>MicrosoftAppTenantId</c> of a single-tenant bot, else null.</summary>
    internal string? SingleTenantId => AppType == BotAppType.SingleTenant && !string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? MicrosoftAppTenantId : null;

    internal BotAppType AppType =>
        Enum.TryParse<BotAppType>(MicrosoftAppType, ignoreCase: true, out var t) ? t : BotAppType.Unknown;

    internal bool HasCredentials => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>How the bot proves its identity to the Connector (BOTFRAMEWORK.md §1.2).</summary>
public enum BotAppType
{
    Unknown,
    SingleTenant,
    UserAssignedMSI,
    MultiTenant,
}
