using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace MigrationBot.BotFramework.Auth;

/// <summary>
/// The checks on a Bot Connector token that are not plain JWT validation, as small pure functions
/// (BOTFRAMEWORK.md §1.1.3). A Teams-only bot accepts only the public Bot Framework issuer.
/// </summary>
public static class ChannelTokenRules
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>RS256/384/512 only, as botbuilder's <c>AllowedSigningAlgorithms</c>; never HS* or <c>none</c>.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Rule 2: <c>iss</c> is exactly the Bot Framework issuer (no tenant, emulator or Entra issuers).</summary>
    public static bool IsAllowedIssuer(string? issuer) =>
        string.Equals(issuer, BotFrameworkIssuer, StringComparison.Ordinal);

    /// <summary>Rule 6: the signing key's <c>endorsements</c> contain the activity's channel id.</summary>
    public static bool IsEndorsed(IEnumerable<string>? endorsements, string? channelId) =>
        !string.IsNullOrEmpty(channelId)
        && endorsements is not null
        && endorsements.Any(e => string.Equals(e, channelId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Rule 7: the token's <c>serviceurl</c> claim equals the activity's <c>serviceUrl</c>, ignoring case
    /// (as the SDK does) and a trailing <c>/</c> (the Playground's token has one, its activity not).
    /// </summary>
    public static bool ServiceUrlMatches(string? claim, string? activityServiceUrl)
    {
        if (string.IsNullOrWhiteSpace(claim) || string.IsNullOrWhiteSpace(activityServiceUrl))
        {
            return false;
        }

        return string.Equals(claim.Trim().TrimEnd('/'), activityServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The activity belongs to <paramref name="tenantId"/> (its channel data's tenant, else its conversation's).</summary>
    public static bool IsFromTenant(Wire.InboundActivity activity, string tenantId) =>
        string.Equals(activity.TenantId, tenantId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a JWK's <c>endorsements</c> array, whatever shape the key parser left it in.</summary>
    public static IReadOnlyList<string> ReadEndorsements(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var raw) || raw is null)
        {
            return [];
        }

        return raw switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            string single => [single],
            IEnumerable<object> list => [.. list.Select(o => o?.ToString()).OfType<string>()],
            _ => [],
        };
    }
}
