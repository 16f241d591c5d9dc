using System.IO.Compression;
using System.Text.Json.Nodes;
using MigrationBot.Chat;
using MigrationBot.IntegrationTests.Playground;

namespace MigrationBot.IntegrationTests.AppPackage;

public sealed class AppPackageTests : IDisposable
{
    private const string BotId = "8d3f6c1e-2b4a-4c5d-9e6f-0a1b2c3d4e5f";

    private static readonly string[] Commands =
    [
        "help", "start batch", "status", "pause", "resume", "retry", "complete batch", "stop batch", "remove batch", "endpoints",
    ];

    private readonly string _outDir = Directory.CreateTempSubdirectory("appPackage-").FullName;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _timeout.Dispose();
        Directory.Delete(_outDir, recursive: true);
    }

    [Fact]
    public async Task BuildScript_FilledManifest_PassesTheBundledTeamsSchema()
    {
        var ct = _timeout.Token;
        var build = await AppPackageBuild.BuildAsync(_outDir, BotId, ct);
        Assert.True(build.ExitCode == 0, build.ToString());

        var validation = await AppPackageBuild.ValidateAsync(Path.Combine(_outDir, "manifest.json"), ct);

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains("schema OK", validation.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildScript_FilledManifest_CarriesTheBotIdScopesFilesAndCommands()
    {
        var build = await AppPackageBuild.BuildAsync(_outDir, BotId, _timeout.Token);
        Assert.True(build.ExitCode == 0, build.ToString());

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_outDir, "manifest.json"), _timeout.Token))!;
        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, (string?)bot["botId"]);
        Assert.Equal(BotId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal($"api://botid-{BotId}", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.True((bool?)bot["supportsFiles"]);
        Assert.Contains("migrationbot.contoso.com", manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        foreach (var list in bot["commandLists"]!.AsArray())
        {
            Assert.Equal(Commands, list!["commands"]!.AsArray().Select(c => (string?)c!["title"]));
        }
    }

    [Fact]
    public void ManifestCommands_AreTheCommandsTheBotUnderstands()
    {
        // The command menu must not drift from the bot: each catalog entry's syntax without its arguments
        // ("retry NAME USER" -> "retry") is one manifest command, and the manifest offers nothing else.
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.AppPackage, "manifest.json")))!;
        var understood = CommandCatalog.All
            .Select(c => string.Join(' ', c.Syntax.Split(' ').TakeWhile(w => w.Length > 0 && char.IsLower(w[0]))))
            .Order(StringComparer.Ordinal);

        foreach (var list in manifest["bots"]![0]!["commandLists"]!.AsArray())
        {
            Assert.Equal(understood, list!["commands"]!.AsArray().Select(c => (string)c!["title"]!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task BuildScript_Zip_HoldsManifestAndIconsAtItsRoot_AndIsReproducible()
    {
        var ct = _timeout.Token;
        var zipPath = Path.Combine(_outDir, "appPackage.zip");
        Assert.Equal(0, (await AppPackageBuild.BuildAsync(_outDir, BotId, ct)).ExitCode);
        var first = await File.ReadAllBytesAsync(zipPath, ct);
        Assert.Equal(0, (await AppPackageBuild.BuildAsync(_outDir, BotId, ct)).ExitCode);
        var second = await File.ReadAllBytesAsync(zipPath, ct);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task BuildScript_WithoutAnAppId_RefusesToBuild()
    {
        var build = await AppPackageBuild.BuildAsync(_outDir, "not-a-guid", _timeout.Token);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("must be a GUID", build.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_outDir, "appPackage.zip")));
    }

    [Fact]
    public async Task Validator_BrokenManifest_ReportsEachSchemaError()
    {
        var ct = _timeout.Token;
        Assert.Equal(0, (await AppPackageBuild.BuildAsync(_outDir, BotId, ct)).ExitCode);
        var manifestPath = Path.Combine(_outDir, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, ct))!.AsObject();
        manifest["accentColor"] = "blue";
        manifest["bots"]![0]!["scopes"]!.AsArray().Add("meeting");
        manifest["icons"]!.AsObject().Remove("outline");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(), ct);

        var validation = await AppPackageBuild.ValidateAsync(manifestPath, ct);

        Assert.Equal(1, validation.ExitCode);
        Assert.Contains("/accentColor must match pattern", validation.StandardError, StringComparison.Ordinal);
        Assert.Contains("/bots/0/scopes/3 must be equal to one of the allowed values", validation.StandardError, StringComparison.Ordinal);
        Assert.Contains("must have required property 'outline'", validation.StandardError, StringComparison.Ordinal);
    }
}
