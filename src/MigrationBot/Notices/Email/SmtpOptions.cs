using MigrationBot.Engine.Imap;

namespace MigrationBot.Notices.Email;

/// <summary><c>Notices:Smtp</c>: the SMTP server for email notices (<c>Notices:Email:Via</c> = <c>Smtp</c>, or no Graph sender). Unset host: no SMTP.</summary>
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
