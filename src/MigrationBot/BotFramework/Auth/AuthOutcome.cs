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
}

/// <summary>The result of checking one inbound request.</summary>
public sealed record AuthOutcome(AuthFailure Failure, string? Detail = null)
{
    public static readonly AuthOutcome Accepted = new(AuthFailure.None);

    public bool Succeeded => Failure == AuthFailure.None;
}
