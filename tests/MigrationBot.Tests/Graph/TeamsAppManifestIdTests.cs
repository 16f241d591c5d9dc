using MigrationBot.Graph;

namespace MigrationBot.Tests.Graph;

/// <summary>Where the manifest id that finds the app in the catalog comes from.</summary>
public sealed class TeamsAppManifestIdTests : IDisposable
{
    private const string BotAppId = "11111111-2222-3333-4444-555555555555";
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Manifest(string id)
    {
        var path = Path.Combine(_directory, "manifest.json");
        File.WriteAllText(path, $$"""{ "manifestVersion": "1.25", "id": "{{id}}", "bots": [] }""");
        return path;
    }

    [Fact]
    public async Task TheConfiguredManifestId_WinsOverTheManifestFileAndTheBotsAppId()
    {
        var options = new GraphOptions { TeamsAppManifestId = "aaaaaaaa-0000-4000-8000-000000000001", TeamsAppManifestPath = Manifest("bbbbbbbb-0000-4000-8000-000000000002") };

        var (id, _) = await TeamsAppCatalog.ManifestIdAsync(options, BotAppId, CancellationToken.None);

        Assert.Equal("aaaaaaaa-0000-4000-8000-000000000001", id);
    }

    [Fact]
    public async Task ABuiltManifest_GivesItsId()
    {
        var (id, problem) = await TeamsAppCatalog.ManifestIdAsync(new GraphOptions { TeamsAppManifestPath = Manifest("bbbbbbbb-0000-4000-8000-000000000002") }, BotAppId, CancellationToken.None);

        Assert.Equal(("bbbbbbbb-0000-4000-8000-000000000002", (string?)null), (id, problem));
    }

    [Fact]
    public async Task TheSourceManifestWithItsPlaceholder_IsRefusedWithWhichManifestToUse()
    {
        var (id, problem) = await TeamsAppCatalog.ManifestIdAsync(new GraphOptions { TeamsAppManifestPath = Manifest("${{TEAMS_APP_ID}}") }, BotAppId, CancellationToken.None);

        Assert.Null(id);
        Assert.Contains("has no GUID id ('${{TEAMS_APP_ID}}'): use the one appPackage/build.sh wrote", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManifestPathThatDoesNotExist_IsRefusedNamingThePath()
    {
        var missing = Path.Combine(_directory, "nowhere", "manifest.json");

        var (id, problem) = await TeamsAppCatalog.ManifestIdAsync(new GraphOptions { TeamsAppManifestPath = missing }, BotAppId, CancellationToken.None);

        Assert.Null(id);
        Assert.Contains(missing + ", which does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingConfigured_GivesTheBotsAppId_AndNoBotAppIdSaysWhatToSet()
    {
        var (fromBot, _) = await TeamsAppCatalog.ManifestIdAsync(new GraphOptions(), BotAppId, CancellationToken.None);
        var (none, problem) = await TeamsAppCatalog.ManifestIdAsync(new GraphOptions(), null, CancellationToken.None);

        Assert.Equal(BotAppId, fromBot);
        Assert.Null(none);
        Assert.Contains("set Graph:TeamsAppId, Graph:TeamsAppManifestId or MicrosoftAppId", problem, StringComparison.Ordinal);
    }
}
