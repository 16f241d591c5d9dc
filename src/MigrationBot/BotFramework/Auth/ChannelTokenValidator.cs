using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Auth;

/// <summary>
/// Validates a Bot Connector token against the activity it came with (BOTFRAMEWORK.md §1.1.3): first what the
/// token says of itself (RS256/384/512, a key id, the issuer, the audience, an expiry not passed), then the signature
/// (keys from the OpenID metadata, cached and refreshed by the configuration manager), the key's endorsement of the
/// channel, the <c>serviceurl</c> claim, and for a single-tenant bot the activity's tenant.
/// </summary>
public sealed class ChannelTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> metadata,
    IOptions<BotOptions> options,
    TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<AuthOutcome> ValidateAsync(string token, InboundActivity activity, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException ex)
        {
            return new AuthOutcome(AuthFailure.MalformedToken, ex.GetType().Name);
        }

        // Everything the token says about itself is checked before the keys are fetched: a forged or foreign token
        // never causes a network call, and is a 401 even while the metadata cannot be reached.
        if (ShapeFault(jwt) is { } fault)
        {
            return fault;
        }

        OpenIdConnectConfiguration configuration;
        TokenValidationResult result;
        try
        {
            configuration = await metadata.GetConfigurationAsync(cancellationToken);
            result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
            if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys roll over: ask for a refetch and try again. The manager rate-limits refreshes (5 min) and may
                // fetch in the background, in which case the next request sees the new key.
                metadata.RequestRefresh();
                configuration = await metadata.GetConfigurationAsync(cancellationToken);
                result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
            }
        }
        catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // IDX20803: the configuration manager could not fetch (or parse) the metadata and has no earlier copy.
            return new AuthOutcome(AuthFailure.MetadataUnavailable, ex.Message);
        }

        if (!result.IsValid)
        {
            return new AuthOutcome(AuthFailure.TokenInvalid, result.Exception?.GetType().Name);
        }

        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, jwt.Kid, StringComparison.Ordinal));
        if (key is null || !ChannelTokenRules.IsEndorsed(ChannelTokenRules.ReadEndorsements(key), activity.ChannelId))
        {
            return new AuthOutcome(AuthFailure.NotEndorsed);
        }

        var serviceUrl = jwt.TryGetPayloadValue<string>(ChannelTokenRules.ServiceUrlClaim, out var claim) ? claim : null;
        if (!ChannelTokenRules.ServiceUrlMatches(serviceUrl, activity.ServiceUrl))
        {
            return new AuthOutcome(AuthFailure.ServiceUrl);
        }

        return options.Value.SingleTenantId is { } tenant && !ChannelTokenRules.IsFromTenant(activity, tenant)
            ? new AuthOutcome(AuthFailure.Tenant, activity.TenantId)
            : AuthOutcome.Accepted;
    }

    /// <summary>The token's own faults, found without its keys: algorithm, key id, issuer, audience, expiry.</summary>
    private AuthOutcome? ShapeFault(JsonWebToken jwt)
    {
        if (!ChannelTokenRules.AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return new AuthOutcome(AuthFailure.Algorithm, jwt.Alg);
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return new AuthOutcome(AuthFailure.MissingKeyId);
        }

        // The SDK checks the issuer before touching keys, so a foreign token never triggers a metadata fetch.
        if (!ChannelTokenRules.IsAllowedIssuer(jwt.Issuer))
        {
            return new AuthOutcome(AuthFailure.Issuer);
        }

        if (!jwt.Audiences.Contains(options.Value.MicrosoftAppId, StringComparer.Ordinal))
        {
            return new AuthOutcome(AuthFailure.Claims, "audience");
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out _))
        {
            return new AuthOutcome(AuthFailure.Claims, "no expiry");
        }

        return jwt.ValidTo.Add(ChannelTokenRules.ClockSkew) < time.GetUtcNow().UtcDateTime
            ? new AuthOutcome(AuthFailure.Claims, "expired")
            : null;
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidateIssuer = true,
        IssuerValidator = (issuer, _, _) => ChannelTokenRules.IsAllowedIssuer(issuer)
            ? issuer
            : throw new SecurityTokenInvalidIssuerException("Issuer is not the Bot Framework."),
        ValidateAudience = true,
        ValidAudience = options.Value.MicrosoftAppId,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ChannelTokenRules.ClockSkew,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = ChannelTokenRules.AllowedAlgorithms,
    };
}
