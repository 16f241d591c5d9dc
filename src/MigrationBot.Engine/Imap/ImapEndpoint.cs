namespace MigrationBot.Engine.Imap;

/// <summary>An IMAP server as a migration endpoint names it.</summary>
/// <param name="Host">DNS name or address.</param>
/// <param name="Port">TCP port; 993 for <see cref="ImapSecurity.Ssl"/>, 143 otherwise.</param>
/// <param name="Security">Transport security.</param>
/// <param name="AllowInvalidCertificate">
/// Accept a certificate that fails validation (self-signed test servers). Off by default; an explicit opt-out per endpoint.
/// </param>
public sealed record ImapEndpoint(string Host, int Port, ImapSecurity Security, bool AllowInvalidCertificate = false)
{
    /// <summary>
    /// How long a read or write may wait on the server before the connection counts as lost (and is opened again):
    /// long enough for a slow server's big FETCH, short enough that a hung one does not hold a mailbox for good.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public override string ToString() => $"{Host}:{Port}";
}
