namespace MigrationBot.Storage.Protection;

/// <summary>
/// <c>DataProtection:*</c>: how the Data Protection key ring (the keys the stored credentials are encrypted with) is
/// itself encrypted where it is stored. Without a certificate the keys lie in the application database in clear, so
/// whoever copies the database file could decrypt the credentials in it: set one in production.
/// </summary>
public sealed class KeyProtectionOptions
{
    /// <summary>A PFX (PKCS#12) certificate with its private key; the keys are encrypted to it (XML encryption).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password, if it has one. Never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Earlier certificates (PFX paths, same password), still able to decrypt keys written before a rotation.</summary>
    public IReadOnlyList<string> PreviousCertificatePaths { get; set; } = [];
}
