using MigrationBot.Engine.Secrets;

namespace MigrationBot.Engine.Imap;

/// <summary>How to authenticate one IMAP session.</summary>
public abstract record ImapLogin(string UserName)
{
    /// <summary>The name shown in messages (never the secret).</summary>
    public override string ToString() => UserName;
}

/// <summary>
/// A user name and password. <paramref name="UserName"/> is sent verbatim, so the admin forms of Exchange's
/// IMAP-migration CSV work unchanged: Exchange <c>Domain/Admin/User</c>, Dovecot <c>user*admin</c>
/// (the server splits its master-user separator), Mirapoint <c>#user@domain#admin#</c>.
/// When <paramref name="AuthorizationId"/> is set, SASL PLAIN carries it as the authorization identity
/// (RFC 4616) and <paramref name="UserName"/> is the administrator who authenticates.
/// </summary>
public sealed record PasswordLogin(string UserName, Secret Password, string? AuthorizationId = null) : ImapLogin(UserName)
{
    public override string ToString() => AuthorizationId is null ? UserName : $"{AuthorizationId} (as {UserName})";
}

/// <summary>SASL XOAUTH2 with a bearer token for <paramref name="UserName"/> (Exchange Online, Gmail).</summary>
public sealed record OAuth2Login(string UserName, IAccessTokenSource Tokens) : ImapLogin(UserName)
{
    public override string ToString() => UserName;
}
