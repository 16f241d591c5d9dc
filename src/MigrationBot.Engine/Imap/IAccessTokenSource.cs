using MigrationBot.Engine.Secrets;

namespace MigrationBot.Engine.Imap;

/// <summary>Gives OAuth 2.0 access tokens for IMAP XOAUTH2 logins.</summary>
public interface IAccessTokenSource
{
    /// <summary>A token valid for at least a few minutes, for logging in as <paramref name="userName"/>.</summary>
    ValueTask<Secret> GetTokenAsync(string userName, CancellationToken cancellationToken);
}
