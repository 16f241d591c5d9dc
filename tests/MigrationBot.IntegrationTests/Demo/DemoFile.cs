using System.Text.Json;

namespace MigrationBot.IntegrationTests.Demo;

/// <summary>demo.json as run.sh and a newcomer read it; parsed here by its documented keys, not with the tool's own types.</summary>
internal sealed record DemoFile(DemoFileServer Source, DemoFileServer Target, string UsersCsv, string AdminCsv, DemoFileGraph Graph)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    public static async Task<DemoFile> ReadAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DemoFile>(stream, Json, ct)
            ?? throw new InvalidOperationException($"{path} holds null.");
    }
}

internal sealed record DemoFileServer(string Host, int ImapPort, int ImapsPort, string MasterUser, string MasterPassword, IReadOnlyList<DemoFileUser>? Users)
{
    /// <summary>The target's throttling front, only with <c>--throttle-append</c>.</summary>
    public int? ThrottlingPort { get; init; }

    public IEnumerable<int> Ports => [ImapPort, ImapsPort];
}

internal sealed record DemoFileUser(string Name, string Password, string EmailAddress, int Messages);

/// <summary>The Graph stand-in: its base URL (the bot's Graph:BaseUrl) and the people it maps the demo mailboxes to.</summary>
internal sealed record DemoFileGraph(string BaseUrl, IReadOnlyList<DemoFileGraphUser> Users);

internal sealed record DemoFileGraphUser(string EmailAddress, string ObjectId, string DisplayName, string TimeZone, string Locale);
