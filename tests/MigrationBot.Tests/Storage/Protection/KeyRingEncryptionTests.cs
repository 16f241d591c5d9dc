using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using MigrationBot.Engine.Secrets;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Tests.Storage.Protection;

/// <summary>
/// With <c>DataProtection:CertificatePath</c>, the key ring the credentials are encrypted with is itself encrypted to
/// that certificate in the database: a copy of the database alone decrypts nothing, the same certificate does.
/// </summary>
public sealed class KeyRingEncryptionTests : IDisposable
{
    private const string PfxPassword = "pfx-password-for-this-test";
    private readonly string _directory = Directory.CreateTempSubdirectory("key-ring-").FullName;

    [Fact]
    public void WithACertificate_TheStoredKeyIsEncrypted_AndARestartWithTheSameCertificateReadsTheCredential()
    {
        var database = Path.Combine(_directory, "bot.db");
        var settings = Certificate("current.pfx");
        string stored;
        using (var host = new ProtectionHost(database, settings))
            stored = host.Protector.Protect(new Secret("a user's IMAP password"));

        var keyXml = KeyXml(database);
        Assert.Contains("encryptedSecret", keyXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", keyXml, StringComparison.Ordinal);
        using var restarted = new ProtectionHost(database, settings);
        Assert.Equal("a user's IMAP password", restarted.Protector.Unprotect(stored).Reveal());
    }

    [Fact]
    public void WithACertificate_ACopyOfTheDatabaseWithoutIt_CannotReadTheCredential()
    {
        var database = Path.Combine(_directory, "bot.db");
        string stored;
        using (var host = new ProtectionHost(database, Certificate("current.pfx")))
            stored = host.Protector.Protect(new Secret("a user's IMAP password"));

        using var thief = new ProtectionHost(database);
        Assert.Throws<CredentialUnavailableException>(() => thief.Protector.Unprotect(stored));
    }

    [Fact]
    public void AfterARotation_KeysOfThePreviousCertificateStillDecrypt()
    {
        var database = Path.Combine(_directory, "bot.db");
        string stored;
        using (var host = new ProtectionHost(database, Certificate("old.pfx")))
            stored = host.Protector.Protect(new Secret("written before the rotation"));

        var rotated = Certificate("new.pfx");
        rotated["DataProtection:PreviousCertificatePaths:0"] = Path.Combine(_directory, "old.pfx");
        using var host2 = new ProtectionHost(database, rotated);
        Assert.Equal("written before the rotation", host2.Protector.Unprotect(stored).Reveal());
    }

    [Fact]
    public void ACertificateThatCannotBeRead_StopsTheStart_NamingTheSettingButNotThePassword()
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = Path.Combine(_directory, "missing.pfx"),
            ["DataProtection:CertificatePassword"] = PfxPassword,
        };

        var error = Assert.Throws<InvalidOperationException>(() => new ProtectionHost(Path.Combine(_directory, "bot.db"), settings));

        Assert.Contains("DataProtection:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PfxPassword, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A new self-signed certificate with its private key, written as a password-protected PFX.</summary>
    private Dictionary<string, string?> Certificate(string fileName)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=MigrationBot key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = PfxPassword };
    }

    private static string KeyXml(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(xml, '') FROM dataprotection_keys";
        return (string)command.ExecuteScalar()!;
    }
}
