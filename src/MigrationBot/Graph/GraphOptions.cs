namespace MigrationBot.Graph;

/// <summary>
/// <c>Graph</c>: Microsoft Graph for the readiness checks (users, licenses, mailboxes, domains). App-only: an app
/// registration with User.Read.All, MailboxSettings.Read and Domain.Read.All (application permissions, admin consent).
/// Unset credentials fall back to <c>Target</c>'s (one app for IMAP and Graph); none at all: readiness is not checked.
/// </summary>
public sealed class GraphOptions
{
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");
    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
}
