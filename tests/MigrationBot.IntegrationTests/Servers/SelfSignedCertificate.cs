using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>A throwaway certificate for <c>localhost</c>/<c>127.0.0.1</c>, written as PEM for Dovecot.</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string certificateFile, string keyFile)
    {
        // ECDSA P-256: instant to generate, unlike RSA keys.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Public part only: clients pin it, nobody needs the key outside Dovecot.
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    /// <summary>Accepts exactly <paramref name="pinned"/> and nothing else.</summary>
    public static RemoteCertificateValidationCallback Pin(X509Certificate2 pinned) =>
        (_, presented, _, _) => presented is not null && presented.GetCertHashString() == pinned.GetCertHashString();
}
