namespace MigrationBot.Engine.Imap;

/// <summary>Transport security of an IMAP endpoint, with the names Exchange's migration endpoint uses.</summary>
public enum ImapSecurity
{
    /// <summary>Plain text (port 143 typically). Only sensible on a trusted network.</summary>
    None,
    /// <summary>Implicit TLS from the first byte (port 993).</summary>
    Ssl,
    /// <summary>Plain connect upgraded with STARTTLS (port 143); refused if the server does not offer it.</summary>
    Tls,
}
