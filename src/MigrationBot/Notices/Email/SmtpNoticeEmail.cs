using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MigrationBot.Engine.Imap;
using MimeKit;

namespace MigrationBot.Notices.Email;

/// <summary>Sends a notice as a plain-text email through the configured SMTP server (MailKit).</summary>
public sealed class SmtpNoticeEmail(IOptions<SmtpOptions> options) : INoticeEmail
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Host);

    /// <returns>Null when sent; else why not (the server's words).</returns>
    public async Task<string?> SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!Configured)
            return "no SMTP server is configured (Notices:Smtp:Host)";
        using var message = new MimeMessage();
        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            message.From.Add(MailboxAddress.Parse(smtp.From));
            message.To.Add(MailboxAddress.Parse(to));
            message.Subject = subject;
            message.Body = new TextPart("plain") { Text = text };
            var security = smtp.Security switch
            {
                ImapSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                ImapSecurity.Tls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is ParseException or SmtpCommandException or SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return $"email to {to} failed: {ex.Message}";
        }
    }
}
