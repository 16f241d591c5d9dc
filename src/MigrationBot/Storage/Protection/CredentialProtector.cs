using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Secret = MigrationBot.Engine.Secrets.Secret;

namespace MigrationBot.Storage.Protection;

/// <summary>
/// Turns a credential into text safe to store (authenticated encryption with ASP.NET Core Data Protection)
/// and back. The text is base64url, ASCII only, and holds neither the secret nor anything derived from it in clear.
/// </summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    /// <summary>
    /// The Data Protection purpose: payloads made for another purpose (or another application name) do not
    /// unprotect here. Bump the version only with a migration that re-protects what is stored.
    /// </summary>
    public const string Purpose = "MigrationBot.Credentials.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return _protector.Protect(secret.Reveal());
    }

    /// <exception cref="CredentialUnavailableException">The text was altered, is not a payload, or its key is gone.</exception>
    public Secret Unprotect(string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            return new Secret(_protector.Unprotect(protectedText));
        }
        // CryptographicException: tampered, wrong purpose or key not in the key ring. FormatException: not
        // base64url at all. Neither message holds the payload, so the inner exception is kept for the log.
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new CredentialUnavailableException(ex);
        }
    }
}
