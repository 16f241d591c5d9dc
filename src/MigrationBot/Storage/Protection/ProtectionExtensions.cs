using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;

namespace MigrationBot.Storage.Protection;

public static class ProtectionExtensions
{
    /// <summary>
    /// Data Protection with its keys in the application database (the SQLite file, or PostgreSQL with
    /// <c>Store:Provider=PostgreSql</c>), encrypted to a certificate when one is configured, and <see cref="CredentialProtector"/>.
    /// </summary>
    public static IServiceCollection AddCredentialProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStoreOptions(configuration);
        // A fixed application name: the default is the content root path, so a host moved to another folder
        // (a new container image, a new release directory) could not unprotect what it stored before.
        var dataProtection = services.AddDataProtection().SetApplicationName("MigrationBot");
        var keys = configuration.GetSection("DataProtection").Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        services.AddSingleton(keys);
        if (!string.IsNullOrWhiteSpace(keys.CertificatePath))
        {
            // The key ring is encrypted to this certificate where it is stored; a copy of the database alone decrypts nothing.
            var current = LoadCertificate(keys.CertificatePath, keys.CertificatePassword, "DataProtection:CertificatePath");
            dataProtection.ProtectKeysWithCertificate(current);
            dataProtection.UnprotectKeysWithAnyCertificate(
                [current, .. keys.PreviousCertificatePaths.Select(p => LoadCertificate(p, keys.CertificatePassword, "DataProtection:PreviousCertificatePaths"))]);
        }

        // The key ring lives where the data does: in the SQLite file, or in PostgreSQL, shared by every replica.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<StoreOptions>>((ring, store) => ring.XmlRepository = store.Value.UsesPostgreSql
                ? new PostgresXmlRepository(store.Value.PostgreSqlConnectionString ?? throw new InvalidOperationException("Store:PostgreSqlConnectionString is not set."))
                : new SqliteXmlRepository(store.Value.SqlitePath ?? throw new InvalidOperationException("Store:SqlitePath is not set.")));
        services.AddSingleton<CredentialProtector>();
        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password, string setting)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{setting} '{path}' holds no private key: the key ring could not be decrypted with it.");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The password is not in the message: only the path, and what went wrong.
            throw new InvalidOperationException($"{setting} '{path}' cannot be read as a PFX certificate with its private key ({ex.GetType().Name}: check the file and DataProtection:CertificatePassword).", ex);
        }
    }
}
