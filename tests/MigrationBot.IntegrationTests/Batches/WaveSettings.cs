using System.Globalization;
using MigrationBot.IntegrationTests.Engine;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>The host's settings for a wave between a pair of test servers: the pair's target, its source as endpoint "demo".</summary>
internal static class WaveSettings
{
    public const string Admin = "00000000-0000-0000-0000-0000000000020";
    public const string Approver = "00000000-0000-0000-0000-0000000000021";
    public const string Stranger = "00000000-0000-0000-0000-0000000000099";

    public static Dictionary<string, string> For(MigrationPair pair) => new()
    {
        ["Target:Host"] = pair.Target.Host,
        ["Target:Port"] = pair.Target.ImapsPort.ToString(CultureInfo.InvariantCulture),
        ["Target:Security"] = "Ssl",
        ["Target:AllowInvalidCertificate"] = "true",
        ["Target:Auth"] = "Master",
        ["Target:AdminUser"] = pair.Target.Options.MasterUser.Name,
        ["Target:AdminPassword"] = pair.Target.Options.MasterUser.Password,
        ["Endpoints:demo:Host"] = pair.Source.Host,
        ["Endpoints:demo:Port"] = pair.Source.ImapPort.ToString(CultureInfo.InvariantCulture),
        ["Endpoints:demo:Security"] = "None",
        ["Endpoints:demo:AdminForm"] = "Dovecot",
        ["Endpoints:demo:AdminUser"] = pair.Source.Options.MasterUser.Name,
        ["Endpoints:demo:AdminPassword"] = pair.Source.Options.MasterUser.Password,
        ["Authorization:Admins:0"] = Admin,
        ["Authorization:Approvers:0"] = Approver,
    };

    /// <summary>The batch form's data for the pair's users, logged in by the source's master user.</summary>
    public static object Form(MigrationPair pair, string batchName) => new
    {
        batchName,
        endpoint = "demo",
        credentials = "Dovecot",
        csv = "EmailAddress,UserName\n" + string.Concat(pair.Users.Select(u => $"{MigrationPair.EmailOf(u)},{u}\n")),
    };
}
