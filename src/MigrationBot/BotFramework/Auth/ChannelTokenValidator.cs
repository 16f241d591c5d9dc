using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.BotFramework.Auth;

/// <summary>
/// Validates a Bot Connector token against the activity it came with (BOTFRAMEWORK.md §1.1.3): issuer first,
/// then signature (keys from the OpenID metadata, cached and refreshed by the configuration manager),
/// audience, lifetime with 5 minutes' skew, RS256/384/512, then the key's endorsement of the channel and
/// the <c>serviceurl</c> claim.
/// </summary>
public sealed class ChannelTokenValidator(
    IConfigurationManager<OpenIdConnectConfiguration> metadata,
    IOptions<BotOptions> options)
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

        // The SDK checks the issuer before touching keys, so a foreign token never triggers a metadata fetch.
        if (!ChannelTokenRules.IsAllowedIssuer(jwt.Issuer))
        {
            return new AuthOutcome(AuthFailure.Issuer);
        }

        var configuration = await metadata.GetConfigurationAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: ask for a refetch and try again. The manager rate-limits refreshes (5 min) and may
            // fetch in the background, in which case the next request sees the new key.
            metadata.RequestRefresh();
            configuration = await metadata.GetConfigurationAsync(cancellationToken);
            result = await _handler.ValidateTokenAsync(token, Parameters(configuration));
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
        return ChannelTokenRules.ServiceUrlMatches(serviceUrl, activity.ServiceUrl)
            ? AuthOutcome.Accepted
            : new AuthOutcome(AuthFailure.ServiceUrl);
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
