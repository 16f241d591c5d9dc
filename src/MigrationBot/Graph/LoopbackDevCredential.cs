using Azure.Core;

namespace MigrationBot.Graph;

/// <summary>
/// The token source under <c>Graph:DangerouslyUseLoopbackWithoutToken</c>: one fixed placeholder, no secret and no
/// call to Entra ID, for the local demo's Graph stand-in, which wants a bearer but checks none.
/// </summary>
public sealed class LoopbackDevCredential : TokenCredential
{
    /// <summary>Sent as <c>Authorization: Bearer …</c>; it grants nothing anywhere.</summary>
    public const string Token = "local-demo-graph-no-token";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
