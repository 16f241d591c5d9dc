using System.Text;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Engine.Secrets;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Tests.Storage.Protection;

public sealed class CredentialProtectorTests : IDisposable
{
    private const string Password = "Tr0ub4dor&3-horse";

    private readonly string _directory = Directory.CreateTempSubdirectory("credential-protector-").FullName;

    private string DatabasePath => Path.Combine(_directory, "migrationbot.db");

    [Fact]
    public void CredentialProtector_ProtectedSecret_RoundTrips()
    {
        using var host = new ProtectionHost(DatabasePath);

        var stored = host.Protector.Protect(new Secret(Password));

        Assert.Equal(Password, host.Protector.Unprotect(stored).Reveal());
    }

    [Fact]
    public void CredentialProtector_ProtectedText_DoesNotContainTheSecret()
    {
        using var host = new ProtectionHost(DatabasePath);

        var stored = host.Protector.Protect(new Secret(Password));

        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), stored, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialProtector_SameSecretTwice_GivesDifferentTexts()
    {
        using var host = new ProtectionHost(DatabasePath);

        Assert.NotEqual(host.Protector.Protect(new Secret(Password)), host.Protector.Protect(new Secret(Password)));
    }

    [Fact]
    public void CredentialProtector_RestartedHost_UnprotectsEarlierPayloads()
    {
        string stored;
        using (var before = new ProtectionHost(DatabasePath))
            stored = before.Protector.Protect(new Secret(Password));

        using var after = new ProtectionHost(DatabasePath);

        Assert.Equal(Password, after.Protector.Unprotect(stored).Reveal());
    }

    [Fact]
    public void CredentialProtector_TwoHostsOnOneDatabase_UnprotectEachOthersPayloads()
    {
        using var first = new ProtectionHost(DatabasePath);
        var fromFirst = first.Protector.Protect(new Secret("first-" + Password));
        using var second = new ProtectionHost(DatabasePath);
        var fromSecond = second.Protector.Protect(new Secret("second-" + Password));

        Assert.Equal("first-" + Password, second.Protector.Unprotect(fromFirst).Reveal());
        Assert.Equal("second-" + Password, first.Protector.Unprotect(fromSecond).Reveal());
    }

    [Fact]
    public void CredentialProtector_KeysPersistedInTheDatabase_NotInTheDefaultKeyDirectory()
    {
        using var host = new ProtectionHost(DatabasePath);
        var keyId = ProtectionHost.KeyIdOf(host.Protector.Protect(new Secret(Password)));

        var repository = host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;

        var elements = Assert.IsType<SqliteXmlRepository>(repository).GetAllElements();
        Assert.Contains(elements, e => e.Name.LocalName == "key" && (string?)e.Attribute("id") == keyId.ToString("D"));
        Assert.Equal([$"key-{keyId:D}"], FriendlyNames());
        foreach (var directory in DefaultKeyDirectories())
            Assert.False(File.Exists(Path.Combine(directory, $"key-{keyId:D}.xml")), $"a key file was written to {directory}");
    }

    [Fact]
    public void CredentialProtector_KeysLost_ThrowsCredentialUnavailable()
    {
        string stored;
        using (var original = new ProtectionHost(DatabasePath))
            stored = original.Protector.Protect(new Secret(Password));
        using var elsewhere = new ProtectionHost(Path.Combine(_directory, "restored-without-keys.db"));

        var exception = Assert.Throws<CredentialUnavailableException>(() => elsewhere.Protector.Unprotect(stored));

        AssertSaysNothingOf(exception, stored);
    }

    [Fact]
    public void CredentialProtector_TamperedPayload_ThrowsCredentialUnavailableWithoutEchoingIt()
    {
        using var host = new ProtectionHost(DatabasePath);
        var stored = host.Protector.Protect(new Secret(Password));
        var middle = stored.Length / 2;
        string[] tampered =
        [
            string.Concat(stored.AsSpan(0, middle), stored[middle] == 'A' ? "B" : "A", stored.AsSpan(middle + 1)),
            stored[..^4],
            stored + "AAAA",
            "not a payload!",
            "",
        ];

        foreach (var text in tampered)
        {
            var exception = Assert.Throws<CredentialUnavailableException>(() => host.Protector.Unprotect(text));

            Assert.Contains("the batch needs the credentials again", exception.Message, StringComparison.Ordinal);
            AssertSaysNothingOf(exception, text);
        }
    }

    [Fact]
    public void CredentialProtector_StoredPayloads_LeaveNoPasswordInTheDatabaseFiles()
    {
        string[] passwords = ["Zebra-Quokka-7731!", "pässwörd-Ünïcode-42", "hunter2-migrationbot-scan", "S3cret\"with,comma"];
        using var host = new ProtectionHost(DatabasePath);
        // Held open for the whole test so SQLite neither checkpoints nor deletes the -wal file on last close.
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE stored_credentials (email_address TEXT PRIMARY KEY, protected TEXT NOT NULL)");
        var payloads = passwords.Select(p => host.Protector.Protect(new Secret(p))).ToList();
        for (var i = 0; i < payloads.Count; i++)
            Execute(connection, "INSERT INTO stored_credentials VALUES ($email, $protected)", ("$email", $"user{i}@contoso.com"), ("$protected", payloads[i]));

        var database = ReadShared(DatabasePath);
        var wal = ReadShared(DatabasePath + "-wal");

        Assert.NotEmpty(wal);
        // The scan can see what was stored (so finding nothing below means something).
        Assert.True(Contains(database, Encoding.UTF8.GetBytes(payloads[0])) || Contains(wal, Encoding.UTF8.GetBytes(payloads[0])));
        foreach (var password in passwords)
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            {
                var bytes = encoding.GetBytes(password);
                Assert.False(Contains(database, bytes), $"a password is in the .db file as {encoding.WebName}");
                Assert.False(Contains(wal, bytes), $"a password is in the -wal file as {encoding.WebName}");
            }
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static void AssertSaysNothingOf(Exception exception, string payload)
    {
        var printed = exception.ToString();
        Assert.DoesNotContain(Password, printed, StringComparison.Ordinal);
        if (payload.Length >= 8)
            Assert.DoesNotContain(payload, printed, StringComparison.Ordinal);
    }

    private List<string> FriendlyNames()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT friendly_name FROM dataprotection_keys";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Where Data Protection puts keys when nothing is configured (DefaultKeyStorageDirectories).</summary>
    private static IEnumerable<string> DefaultKeyDirectories()
    {
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
            yield return Path.Combine(home, ".aspnet", "DataProtection-Keys");
        if (Environment.GetEnvironmentVariable("LOCALAPPDATA") is { Length: > 0 } localAppData)
            yield return Path.Combine(localAppData, "ASP.NET", "DataProtection-Keys");
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
