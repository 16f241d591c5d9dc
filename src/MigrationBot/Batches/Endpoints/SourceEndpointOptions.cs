using MigrationBot.Engine.Imap;

namespace MigrationBot.Batches.Endpoints;

/// <summary>
/// A saved IMAP source endpoint, <c>Endpoints:{name}</c>: the server, its limits and, optionally, the admin
/// credentials that log in for every user (so a CSV without passwords can be pasted in a channel).
/// </summary>
public sealed class SourceEndpointOptions
{
    public string Host { get; set; } = string.Empty;
    public int Port { get; set; } = 993;
    public ImapSecurity Security { get; set; } = ImapSecurity.Ssl;
    public bool AllowInvalidCertificate { get; set; }

    /// <summary>Mailboxes synced at once from this endpoint (Exchange: MaxConcurrentMigrations).</summary>
    public int MaxConcurrentMailboxes { get; set; } = 20;

    public AdminForm AdminForm { get; set; } = AdminForm.None;
    public string? AdminUser { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>How long the server may not answer before its connection counts as lost and is opened again (default 2 min).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public ImapEndpoint Endpoint => new(Host, Port, Security, AllowInvalidCertificate) { ReadTimeout = ReadTimeout > TimeSpan.Zero ? ReadTimeout : TimeSpan.FromMinutes(2) };
}
