using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MigrationBot.Engine.Imap;

/// <summary>
/// Opens an authenticated <see cref="ImapClient"/> for an endpoint and a login, turning every way that can fail
/// into an <see cref="ImapFailure"/> with a message that says what to check.
/// </summary>
public static class ImapSession
{
    /// <summary>Connects and authenticates; the caller owns (and disposes) the returned client.</summary>
    public static async Task<ImapClient> OpenAsync(ImapEndpoint endpoint, ImapLogin login, CancellationToken cancellationToken)
    {
        StartSaslTypeInitializer();
        var client = new PooledImapClient { Timeout = (int)endpoint.ReadTimeout.TotalMilliseconds };
        if (endpoint.AllowInvalidCertificate)
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            await ConnectAsync(client, endpoint, cancellationToken);
            await AuthenticateAsync(client, endpoint, login, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static int _saslTypeInitializerStarted;

    /// <summary>
    /// MailKit's <see cref="SaslMechanism"/> type initializer asks OpenSSL whether MD5 is available, which loads
    /// libssl even for a plain connection: 2-3 ms at the first login of each process. Started with the first
    /// connection, it runs while the TCP connection and the server's greeting are on their way rather than after.
    /// </summary>
    private static void StartSaslTypeInitializer()
    {
        if (Interlocked.Exchange(ref _saslTypeInitializerStarted, 1) == 0)
            _ = Task.Run(() => SaslMechanism.IsSupported("PLAIN"));
    }

    private static async Task ConnectAsync(ImapClient client, ImapEndpoint endpoint, CancellationToken cancellationToken)
    {
        var options = endpoint.Security switch
        {
            ImapSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            ImapSecurity.Tls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        try
        {
            ReadAheadSocketStream stream;
            try
            {
                stream = await ReadAheadSocketStream.ConnectAsync(endpoint.Host, endpoint.Port, endpoint.ReadTimeout, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new ImapFailure(ImapFailureKind.Connection, $"cannot connect to {endpoint}: {ex.Message}. Check the host name, port and firewall.", ex);
            }

            try
            {
                await client.ConnectAsync(stream, endpoint.Host, endpoint.Port, options, cancellationToken);
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }
        catch (SslHandshakeException ex) when (ex.ServerCertificate is null)
        {
            // No certificate came back: what answered on the port was not TLS (a plain IMAP port, or one for STARTTLS).
            throw new ImapFailure(
                ImapFailureKind.Connection,
                $"TLS with {endpoint} failed: the server did not answer TLS on this port ({FirstLine(ex.Message)}). " +
                "Port 993 is usually IMAP over TLS (security Ssl); on port 143 choose Tls (STARTTLS) or None.",
                ex);
        }
        catch (SslHandshakeException ex)
        {
            throw new ImapFailure(
                ImapFailureKind.Connection,
                $"TLS with {endpoint} failed: the server's certificate was not accepted ({FirstLine(ex.Message)}). " +
                "Install a trusted certificate on the server, or allow invalid certificates for this endpoint if it is a test server.",
                ex);
        }
        catch (SocketException ex)
        {
            throw new ImapFailure(ImapFailureKind.Connection, $"cannot connect to {endpoint}: {ex.Message}. Check the host name, port and firewall.", ex);
        }
        catch (NotSupportedException ex) when (endpoint.Security == ImapSecurity.Tls)
        {
            throw new ImapFailure(ImapFailureKind.Connection, $"{endpoint} does not offer STARTTLS; choose security None or Ssl for this endpoint.", ex);
        }
        catch (Exception ex) when (ex is IOException or ImapProtocolException or TimeoutException)
        {
            throw new ImapFailure(ImapFailureKind.Connection, $"{endpoint} did not answer as an IMAP server ({FirstLine(ex.Message)}). Check the port and security setting.", ex);
        }
    }

    private static async Task AuthenticateAsync(ImapClient client, ImapEndpoint endpoint, ImapLogin login, CancellationToken cancellationToken)
    {
        try
        {
            switch (login)
            {
                case OAuth2Login oauth:
                    var token = await oauth.Tokens.GetTokenAsync(oauth.UserName, cancellationToken);
                    await client.AuthenticateAsync(new SaslMechanismOAuth2(oauth.UserName, token.Reveal()), cancellationToken);
                    break;
                case PasswordLogin { AuthorizationId: { } authzId } when !client.AuthenticationMechanisms.Contains("PLAIN"):
                    // A plain LOGIN would authenticate the administrator into their own mailbox, and every user's mail
                    // would be appended there. Only SASL PLAIN carries the mailbox to act for (RFC 4616 authzid).
                    throw new ImapFailure(
                        ImapFailureKind.Authentication,
                        $"{endpoint} offers no AUTH=PLAIN, which the administrator login for {authzId} needs (SASL PLAIN authorization identity); " +
                        "enable PLAIN on the server (over TLS), or log in as each user");
                case PasswordLogin { AuthorizationId: { } authzId } admin:
                    var plain = new SaslMechanismPlain(admin.UserName, admin.Password.Reveal()) { AuthorizationId = authzId };
                    await client.AuthenticateAsync(plain, cancellationToken);
                    break;
                case PasswordLogin password:
                    await client.AuthenticateAsync(password.UserName, password.Password.Reveal(), cancellationToken);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(login), login.GetType().Name, "unknown login kind");
            }
        }
        catch (AuthenticationException ex)
        {
            throw new ImapFailure(ImapFailureKind.Authentication, $"authentication failed for {login} on {endpoint}: check the user name and password (or token permissions).", ex);
        }
        catch (Exception ex) when (ex is IOException or ImapProtocolException or SocketException)
        {
            throw new ImapFailure(ImapFailureKind.Transient, $"{endpoint} closed the connection during login for {login} ({FirstLine(ex.Message)})", ex);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
