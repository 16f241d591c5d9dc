using System.Text.Json;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Tests.Cards;

namespace MigrationBot.Tests.BotFramework.Wire;

/// <summary>The wire model reads every activity the Agents Playground sent (a copy of shared/fixtures/playground-activities.jsonl).</summary>
public sealed class InboundActivityTests
{
    private static readonly string[] Lines = File.ReadAllLines(
        Path.Combine(RepoPaths.TestsFolder, "BotFramework", "Wire", "playground-activities.jsonl"));

    [Fact]
    public void EveryRecordedPlaygroundActivity_Parses_WithItsTypeConversationAndServiceUrl()
    {
        Assert.Equal(19, Lines.Length);
        foreach (var line in Lines)
        {
            var activity = JsonSerializer.Deserialize(line, WireJson.Default.InboundActivity)!;
            Assert.False(string.IsNullOrEmpty(activity.Type));
            Assert.False(string.IsNullOrEmpty(activity.Conversation?.Id));
            Assert.Equal("http://localhost:56150/_connector", activity.ServiceUrl);
            Assert.Equal("msteams", activity.ChannelId);
        }
    }

    [Fact]
    public void FieldsWeDoNotModel_AreKeptAsExtensionData()
    {
        var message = JsonSerializer.Deserialize(Lines.First(l => l.Contains("\"text\": \"hello\"", StringComparison.Ordinal)), WireJson.Default.InboundActivity)!;

        Assert.Equal("UTC", message.Extra!["localTimezone"].GetString());
        Assert.Equal("00000000-0000-0000-0000-0000000000001", message.TenantId);
    }

    [Fact]
    public void TheActionExecuteInvoke_CarriesItsVerbAndData()
    {
        var invoke = JsonSerializer.Deserialize(Lines.First(l => l.Contains("adaptiveCard/action", StringComparison.Ordinal)), WireJson.Default.InboundActivity)!;

        var (verb, data) = MigrationBot.Chat.CardActionRouter.ReadAction(invoke.Value);

        Assert.Equal("approve", verb);
        Assert.Equal(42, data.GetProperty("requestId").GetInt32());
    }

    [Fact]
    public void OutboundActivities_LeaveOutWhatIsNotSet()
    {
        var json = JsonSerializer.Serialize(OutboundActivity.FromText("hi"), WireJson.Default.OutboundActivity);

        Assert.Equal("""{"type":"message","text":"hi","textFormat":"plain"}""", json);
    }
}
