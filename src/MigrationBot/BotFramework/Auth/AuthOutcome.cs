namespace MigrationBot.BotFramework.Auth;

/// <summary>Why an inbound request was refused; logged, never echoed to the caller.</summary>
public enum AuthFailure
{
    None,
    MissingHeader,
    NotBearer,
    MalformedToken,
    Issuer,
    TokenInvalid,
    NotEndorsed,
    ServiceUrl,
    /// <summary>The token's <c>alg</c> is not RS256/384/512 (HS*, <c>none</c>, …).</summary>
    Algorithm,
    /// <summary>The token names no signing key (<c>kid</c>).</summary>
    MissingKeyId,
    /// <summary>The token is for another bot (<c>aud</c>), has no expiry, or expired: refused before any key is fetched.</summary>
    Claims,
    /// <summary>A single-tenant bot got an activity of another tenant.</summary>
    Tenant,
    /// <summary>The OpenID metadata (the signing keys) cannot be fetched: an outage on our side, not the caller's fault.</summary>
    MetadataUnavailable,
}

/// <summary>The result of checking one inbound request.</summary>
public sealed record AuthOutcome(AuthFailure Failure, string? Detail = null)
{
    public static readonly AuthOutcome Accepted = new(AuthFailure.None);

    public bool Succeeded => Failure == AuthFailure.None;
}
