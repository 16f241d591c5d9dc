using System.Text.Encodings.Web;
using System.Text.Json;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Cards.Model;

namespace MigrationBot.Tests.Cards;

/// <summary>
/// Each card matches its golden JSON (rewrite on purpose with MIGRATIONBOT_UPDATE_GOLDEN=1), fits Teams'
/// 28 KB message limit, and declares schema 1.5 or older.
/// </summary>
public sealed class CardGoldenTests
{
    private const int TeamsMessageLimitBytes = 28 * 1024;

    private static readonly JsonSerializerOptions Indented = new(WireJson.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Theory]
    [MemberData(nameof(CardCatalog.Names), MemberType = typeof(CardCatalog))]
    public void EachCard_MatchesItsGoldenFile(string name)
    {
        var actual = JsonSerializer.Serialize(CardCatalog.All[name](), Indented.GetTypeInfo(typeof(AdaptiveCard))) + "\n";
        var path = Path.Combine(RepoPaths.GoldenFolder, name + ".json");
        if (Environment.GetEnvironmentVariable("MIGRATIONBOT_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(RepoPaths.GoldenFolder);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests once with MIGRATIONBOT_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Theory]
    [MemberData(nameof(CardCatalog.Names), MemberType = typeof(CardCatalog))]
    public void EachCard_FitsTheTeamsMessageSizeLimit(string name)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(CardCatalog.All[name](), WireJson.Default.AdaptiveCard);

        Assert.InRange(bytes.Length, 1, TeamsMessageLimitBytes - 1);
    }

    [Theory]
    [MemberData(nameof(CardCatalog.Names), MemberType = typeof(CardCatalog))]
    public void EachCard_DeclaresAVersionTeamsRenders(string name)
    {
        var json = JsonSerializer.SerializeToElement(CardCatalog.All[name](), WireJson.Default.AdaptiveCard);

        Assert.Equal("AdaptiveCard", json.GetProperty("type").GetString());
        var version = Version.Parse(json.GetProperty("version").GetString()!);
        Assert.True(version <= new Version(1, 5), $"{name} declares {version}; Teams renders 1.5 at most.");
    }

    [Fact]
    public void TheHelpCard_HasAnExecuteButtonWithAVerb()
    {
        var json = JsonSerializer.SerializeToElement(CardCatalog.All["help"](), WireJson.Default.AdaptiveCard);

        var verbs = json.GetProperty("actions").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "Action.Execute")
            .Select(a => a.GetProperty("verb").GetString());
        Assert.Equal(["showCommand", "refreshHelp"], verbs);
    }
}
