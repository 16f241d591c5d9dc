using System.Text.Json.Serialization;

namespace MigrationBot.DemoServers;

/// <summary>What <c>demo.json</c> holds: both servers, their master users, the source users, and the two CSVs ready to paste.</summary>
internal sealed record DemoManifest(DemoSource Source, DemoTarget Target, string UsersCsv, string AdminCsv);

internal sealed record DemoSource(string Host, int ImapPort, int ImapsPort, string MasterUser, string MasterPassword, IReadOnlyList<DemoSourceUser> Users);

/// <summary>A source login, its target address, and how many messages were seeded into its mailbox.</summary>
internal sealed record DemoSourceUser(string Name, string Password, string EmailAddress, int Messages);

internal sealed record DemoTarget(string Host, int ImapPort, int ImapsPort, string MasterUser, string MasterPassword);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(DemoManifest))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
