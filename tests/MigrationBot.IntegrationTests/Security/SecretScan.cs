using System.Text;

namespace MigrationBot.IntegrationTests.Security;

/// <summary>Looks for secrets where they must never be: the database file and its WAL, and log lines.</summary>
internal static class SecretScan
{
    /// <summary>Fails if <paramref name="secret"/> is in the SQLite file or its WAL, in UTF-8 or UTF-16 (either byte order).</summary>
    public static void AssertNotInDatabase(string databasePath, string secret)
    {
        var files = new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.Contains(databasePath, files);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
                Assert.True(bytes.AsSpan().IndexOf(encoding.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds a secret in {encoding.WebName}");
        }
    }

    /// <summary>Fails if <paramref name="secret"/> is anywhere in <paramref name="text"/> (a database dump), naming what it was.</summary>
    public static void AssertNotInText(string text, string secret, string what, string where)
    {
        Assert.False(string.IsNullOrEmpty(text), $"{where} is empty");
        Assert.True(!text.Contains(secret, StringComparison.Ordinal), $"{where} holds {what}");
    }

    /// <summary>Fails naming the first log line that holds <paramref name="secret"/> (the secret itself is not repeated).</summary>
    public static void AssertNotInLogs(IReadOnlyList<string> lines, string secret, string what)
    {
        Assert.NotEmpty(lines);
        var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
        Assert.True(leak is null, $"a log line holds {what}: {leak?.Replace(secret, "«secret»", StringComparison.Ordinal)}");
    }
}
