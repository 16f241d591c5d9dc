using MigrationBot.Engine.Imap;

namespace MigrationBot.Batches.Endpoints;

/// <summary>
/// <c>Target</c>: where every batch's mail goes. Configuration, never part of the batch form. The defaults are
/// Exchange Online's IMAP endpoint with app-only XOAUTH2 (DESIGN.md §2); local runs and tests point it at a
/// Dovecot logged into with a master user.
/// </summary>
public sealed class TargetOptions
{
    public string Host { get; set; } = "outlook.office365.com";
    public int Port { get; set; } = 993;
    public ImapSecurity Security { get; set; } = ImapSecurity.Ssl;

    /// <summary>Accept a certificate that fails validation: only for a local test target with a self-signed certificate.</summary>
    public bool AllowInvalidCertificate { get; set; }

    public TargetAuthMode Auth { get; set; } = TargetAuthMode.Xoauth2;

    /// <summary>Xoauth2: the tenant, the app registration and its client secret (IMAP.AccessAsApp).</summary>
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Master: the administrator who authenticates for each mailbox (SASL PLAIN authorization identity).</summary>
    public string? AdminUser { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>How long the server may not answer before its connection counts as lost and is opened again (default 2 min).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public ImapEndpoint Endpoint => new(Host, Port, Security, AllowInvalidCertificate) { ReadTimeout = ReadTimeout > TimeSpan.Zero ? ReadTimeout : TimeSpan.FromMinutes(2) };

    /// <summary>What is missing for <see cref="Auth"/>, or null when the target can be logged into.</summary>
    public string? Problem => Auth switch
    {
        TargetAuthMode.Xoauth2 when string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret) =>
            "the target is not configured: Target:Auth is Xoauth2, which needs Target:TenantId, Target:ClientId and Target:ClientSecret",
        TargetAuthMode.Master when string.IsNullOrWhiteSpace(AdminUser) || string.IsNullOrEmpty(AdminPassword) =>
            "the target is not configured: Target:Auth is Master, which needs Target:AdminUser and Target:AdminPassword",
        _ => null,
    };
}

/// <summary>How the bot logs in to each target mailbox.</summary>
public enum TargetAuthMode
{
    /// <summary>Exchange Online: SASL XOAUTH2 with an app-only token for the mailbox's address.</summary>
    Xoauth2,
    /// <summary>An administrator authenticates for each mailbox (Dovecot master user).</summary>
    Master,
    /// <summary>Each mailbox logs in as itself with the CSV's Password (IMAP-to-IMAP moves).</summary>
    Password,
}
