using Azure.Identity;
using Microsoft.Extensions.Options;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;

namespace MigrationBot.Batches.Endpoints;

/// <summary>Logs in to target mailboxes as <see cref="TargetOptions"/> says; one token source for the whole process.</summary>
public sealed class TargetLogins(IOptions<TargetOptions> options)
{
    private readonly Lazy<IAccessTokenSource?> _tokens = new(() =>
        options.Value is { Auth: TargetAuthMode.Xoauth2, TenantId: { } tenant, ClientId: { } client, ClientSecret: { } secret }
            ? new CredentialAccessTokenSource(new ClientSecretCredential(tenant, client, secret))
            : null);

    public ImapEndpoint Endpoint => options.Value.Endpoint;

    /// <summary>What keeps the target from being used, or null.</summary>
    public string? Problem => options.Value.Problem;

    /// <summary>Whether logins need each user's own password (the CSV's Password column).</summary>
    public bool NeedsUserPasswords => options.Value.Auth == TargetAuthMode.Password;

    /// <exception cref="InvalidOperationException">The target is not configured (<see cref="Problem"/>), or needs a password the batch lacks.</exception>
    public ImapLogin For(string emailAddress, Secret? userPassword)
    {
        var target = options.Value;
        if (target.Problem is { } problem)
            throw new InvalidOperationException(problem);
        return target.Auth switch
        {
            TargetAuthMode.Master => new PasswordLogin(target.AdminUser!, new Secret(target.AdminPassword!), AuthorizationId: emailAddress),
            TargetAuthMode.Password => new PasswordLogin(emailAddress, userPassword ?? throw new InvalidOperationException(
                "Target:Auth is Password, which logs in with each user's CSV password; this batch has none")),
            _ => new OAuth2Login(emailAddress, _tokens.Value!),
        };
    }
}
