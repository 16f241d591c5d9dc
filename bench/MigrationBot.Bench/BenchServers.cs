using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench;

/// <summary>The private Dovecot instances every benchmark mode uses: one password, target users named by address, the engine's CSV.</summary>
internal static class BenchServers
{
    /// <summary>The users' password, new for each run: no secret lives in the source, even for throw-away servers.</summary>
    public static readonly string Password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    public static string Email(string user) => $"{user}@bench.example";

    public static DovecotOptions Options(IEnumerable<string> users, char separator, bool exchange, string mailRoot) => new()
    {
        Users = users.Select(u => new DovecotUser(u, Password)).ToList(),
        HierarchySeparator = separator,
        ExchangeOnlineCapabilities = exchange,
        MailRoot = mailRoot,
    };

    /// <summary>Writes the CSV the engine reads (Exchange's IMAP-migration format): target address, source login, password.</summary>
    public static async Task<string> WriteCsvAsync(string directory, IEnumerable<string> users, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(directory, "users.csv");
        await File.WriteAllTextAsync(csv, "EmailAddress,UserName,Password\n" + string.Concat(users.Select(u => $"{Email(u)},{u},{Password}\n")), cancellationToken);
        return csv;
    }
}
