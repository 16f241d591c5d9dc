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

    public async ValueTask<Secret> GetTokenAsync(string userName, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
        return new Secret(token.Token);
    }
}
