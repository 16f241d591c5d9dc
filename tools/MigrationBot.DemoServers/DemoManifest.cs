using System.Text.Json.Serialization;
using MigrationBot.DemoServers.Graph;

namespace MigrationBot.DemoServers;

/// <summary>
/// What <c>demo.json</c> holds: both servers, their master users, the source users, the two CSVs ready to paste, and
/// the Graph stand-in with the people it maps the demo mailboxes to.
/// </summary>
internal sealed record DemoManifest(DemoSource Source, DemoTarget Target, string UsersCsv, string AdminCsv)
{
    public DemoGraphManifest? Graph { get; init; }
}

internal sealed record DemoSource(string Host, int ImapPort, int ImapsPort, string MasterUser, string MasterPassword, IReadOnlyList<DemoSourceUser> Users);

/// <summary>A source login, its target address, and how many messages were seeded into its mailbox.</summary>
internal sealed record DemoSourceUser(string Name, string Password, string EmailAddress, int Messages);

/// <summary>The Graph stand-in's base URL (<c>Graph:BaseUrl</c> for the bot) and the users it answers for.</summary>
internal sealed record DemoGraphManifest(string BaseUrl, IReadOnlyList<DemoGraphUser> Users);

internal sealed record DemoTarget(string Host, int ImapPort, int ImapsPort, string MasterUser, string MasterPassword)
{
    /// <summary>The throttling front's plain-IMAP port, with <c>--throttle-append</c>; else null.</summary>
    public int? ThrottlingPort { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DemoManifest))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
