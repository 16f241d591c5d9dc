using System.Text.Json;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;

namespace MigrationBot.Tests.Chat;

public sealed class MentionTextTests
{
    // A channel post exactly as the Agents Playground delivered it (entities trimmed to the mention).
    private const string ChannelPost = """
        {"type":"message","text":"<at>Test Bot</at> channel post","id":"4abd1dbf","serviceUrl":"http://localhost:56150/_connector",
         "conversation":{"isGroup":true,"conversationType":"channel","tenantId":"t","id":"channel-announcements-id;messageid=1795731393897"},
         "recipient":{"id":"00000000-0000-0000-0000-00000000000011","name":"Test Bot"},
         "entities":[{"type":"mention","mentioned":{"id":"00000000-0000-0000-0000-00000000000011","name":"Test Bot"},"text":"<at>Test Bot</at>"}],
         "channelId":"msteams"}
        """;

    [Fact]
    public void TheBotMention_IsStrippedFromAChannelPost() =>
        Assert.Equal("channel post", MentionText.StripBotMention(Parse(ChannelPost)));

    [Fact]
    public void AMentionedChannelCommand_ParsesLikeATypedOne()
    {
        var activity = Parse(ChannelPost) with { Text = "<at>Test Bot</at>   START batch   wave2 " };

        Assert.Equal(new ChatCommand(CommandKind.StartBatch, "wave2"), CommandParser.Parse(MentionText.StripBotMention(activity)));
    }

    [Fact]
    public void OtherPeoplesMentions_AreKept()
    {
        var activity = Parse(ChannelPost) with { Text = "<at>Test Bot</at> retry wave2 <at>Megan</at>" };

        Assert.Equal("retry wave2 <at>Megan</at>", MentionText.StripBotMention(activity));
    }

    [Fact]
    public void ALeadingMentionWithoutAnEntity_IsStrippedToo()
    {
        var activity = Parse(ChannelPost) with { Text = "<at>MigrationBot</at> help", Entities = null };

        Assert.Equal("help", MentionText.StripBotMention(activity));
    }

    [Fact]
    public void PersonalChatText_IsLeftAsItIs()
    {
        var activity = Parse(ChannelPost) with { Text = "status wave2", Entities = [] };

        Assert.Equal("status wave2", MentionText.StripBotMention(activity));
    }

    private static InboundActivity Parse(string json) => JsonSerializer.Deserialize(json, WireJson.Default.InboundActivity)!;
}
