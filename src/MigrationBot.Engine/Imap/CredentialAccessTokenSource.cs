using Azure.Core;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Engine.Imap;

/// <summary>
/// App-only tokens from an Azure.Identity credential, for Exchange Online IMAP: scope
/// <c>https://outlook.office365.com/.default</c> with the <c>IMAP.AccessAsApp</c> application permission. The same
/// token serves every mailbox the app's service principal has FullAccess to; the user is named in the XOAUTH2 string.
/// Azure.Identity caches the token until shortly before it expires.
/// </summary>
public sealed class CredentialAccessTokenSource(TokenCredential credential, string scope = CredentialAccessTokenSource.ExchangeOnlineScope)
    : IAccessTokenSource
{
    public const string ExchangeOnlineScope = "https://outlook.office365.com/.default";

    /// <exception cref="ImapFailure">
    /// Kind <see cref="ImapFailureKind.Authentication"/> when Entra ID gives no token (wrong tenant, client id or
    /// secret, no consent): the mailbox fails with what to check, not as an internal error.
    /// </exception>
    public async ValueTask<Secret> GetTokenAsync(string userName, CancellationToken cancellationToken)
    {
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            return new Secret(token.Token);
        }
        catch (Exception ex) when (ex is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or Azure.RequestFailedException)
        {
            // Entra ID's messages name the error (AADSTS…) and never carry the secret.
            var reason = ex.Message.Split('\n', 2)[0].Trim();
            throw new ImapFailure(
                ImapFailureKind.Authentication,
                $"could not get an access token for {userName} from Entra ID ({reason}). Check the tenant id, client id and secret, " +
                "and that the app has the IMAP.AccessAsApp permission with admin consent.",
                ex);
        }
    }
}
