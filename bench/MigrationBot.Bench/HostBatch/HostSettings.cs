using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// The host's configuration and batch form for the benchmark's servers, with the keys of the batch tests' WaveSettings:
/// the target logged into by its master user, the source saved as endpoint "demo" with its master user (Dovecot's admin
/// form), one admin. Both servers over plain IMAP, as the CLI reaches them, so the two differ only in what runs the engine.
/// </summary>
internal static class HostSettings
{
    public const string Admin = "00000000-0000-0000-0000-0000000000020";
    public const string Endpoint = "demo";

    public static Dictionary<string, string> For(DovecotServer source, DovecotServer target, int concurrency) => new()
    {
        ["Target:Host"] = target.Host,
        ["Target:Port"] = target.ImapPort.ToString(CultureInfo.InvariantCulture),
        ["Target:Security"] = "None",
        ["Target:Auth"] = "Master",
        ["Target:AdminUser"] = target.Options.MasterUser.Name,
        ["Target:AdminPassword"] = target.Options.MasterUser.Password,
        [$"Endpoints:{Endpoint}:Host"] = source.Host,
        [$"Endpoints:{Endpoint}:Port"] = source.ImapPort.ToString(CultureInfo.InvariantCulture),
        [$"Endpoints:{Endpoint}:Security"] = "None",
        [$"Endpoints:{Endpoint}:AdminForm"] = "Dovecot",
        [$"Endpoints:{Endpoint}:AdminUser"] = source.Options.MasterUser.Name,
        [$"Endpoints:{Endpoint}:AdminPassword"] = source.Options.MasterUser.Password,
        [$"Endpoints:{Endpoint}:MaxConcurrentMailboxes"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["Authorization:Admins:0"] = Admin,
    };

    /// <summary>
    /// The batch form's data: every user into the target mailbox <paramref name="targetOf"/> names, without passwords
    /// (the source's master user logs in), as many at once as the CLI runs.
    /// </summary>
    public static object Form(string batchName, IEnumerable<string> users, Func<string, string> targetOf, int concurrency) => new
    {
        batchName,
        endpoint = Endpoint,
        credentials = "Dovecot",
        maxConcurrent = concurrency.ToString(CultureInfo.InvariantCulture),
        csv = "EmailAddress,UserName\n" + string.Concat(users.Select(u => $"{targetOf(u)},{u}\n")),
    };
}
