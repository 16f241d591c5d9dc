using MigrationBot.Engine.Imap;

namespace MigrationBot.Notices.Delivery;

/// <summary><c>Notices:Smtp</c>: where email notices go when Teams cannot deliver. Unset host: no email fallback.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>None, Ssl (implicit TLS, 465) or Tls (STARTTLS, 587).</summary>
    public ImapSecurity Security { get; set; } = ImapSecurity.Tls;

    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>MigrationBot &lt;it@contoso.com&gt;</c>.</summary>
    public string From { get; set; } = "MigrationBot <migrationbot@localhost>";
}
