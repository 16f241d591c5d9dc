using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Cards;
using MigrationBot.Conversations;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// The host, started in-process by BotApp.Create, driven through the Microsoft 365 Agents Playground's HTTP
/// API as a Teams user would, with the bot's answers read from the Playground's events recording.
/// </summary>
public sealed class PlaygroundEndToEndTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private readonly PlaygroundConversation _chat = new(fixture);

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Help_InPersonalChat_AnswersTheHelpCard()
    {
        var ct = _timeout.Token;

        var inbound = await _chat.SayAsync(fixture.Identity.PersonalChatId, "help", ct);
        var reply = await _chat.ReplyToAsync(inbound, ct);

        Assert.True(reply.PostsTo(fixture.Identity.PersonalChatId), reply.ToString());
        Assert.Equal(201, reply.Response?.StatusCode);
        AssertIsHelpCard(PlaygroundConversation.CardOf(reply));
    }

    [Fact]
    public async Task Help_MentioningTheBotInAChannel_AnswersInTheThread()
    {
        var ct = _timeout.Token;
        var mention = $"<at>{fixture.Identity.BotName}</at>";

        var inbound = await _chat.SayAsync(
            PlaygroundIdentity.AnnouncementsChannelId,
            $"{mention} help",
            ct,
            [new PlaygroundMention(new PlaygroundAccount(fixture.Identity.BotId, fixture.Identity.BotName), mention)]);
        var reply = await _chat.ReplyToAsync(inbound, ct);

        Assert.Equal("channel", inbound.Body.GetProperty("conversation").GetProperty("conversationType").GetString());
        Assert.True(reply.PostsTo(inbound.ConversationId!), $"reply {reply} is not in the thread {inbound.ConversationId}");
        Assert.Equal(201, reply.Response?.StatusCode);
        AssertIsHelpCard(PlaygroundConversation.CardOf(reply));
    }

    [Fact]
    public async Task ActionExecute_OnTheHelpCard_ReplacesTheCardThroughTheInvokeResponse()
    {
        var ct = _timeout.Token;
        var reply = await _chat.ReplyToAsync(await _chat.SayAsync(fixture.Identity.PersonalChatId, "help", ct), ct);
        var card = PlaygroundConversation.CardOf(reply);
        var button = CardPress.ExecuteActions(card).FirstOrDefault();
        Assert.Equal(JsonValueKind.Object, button.ValueKind);

        var answer = await fixture.Client.InvokeAsync(
            new PlaygroundInvoke(
                "adaptiveCard/action",
                CardPress.Execute(card, button),
                new PlaygroundAccount(PlaygroundIdentity.CurrentUserId, null),
                new PlaygroundConversationRef(fixture.Identity.PersonalChatId),
                ReplyToId: reply.MessageId!),
            ct);

        // The Playground hands back the bot's invoke response without statusCode; the recording keeps it.
        Assert.Equal("application/vnd.microsoft.card.adaptive", answer.GetProperty("type").GetString());
        var replacement = answer.GetProperty("value");
        Assert.Equal("AdaptiveCard", replacement.GetProperty("type").GetString());
        Assert.False(JsonElement.DeepEquals(card, replacement), "the invoke answered the same card: nothing was replaced");
        var recorded = await fixture.Recording.WaitForAsync(
            $"the invoke on card {reply.MessageId}",
            e => e.IsToBot && e.ActivityName == "invoke" && e.BodyString("replyToId") == reply.MessageId,
            PlaygroundConversation.ReplyTimeout,
            ct);
        Assert.Equal(200, recorded.Response?.StatusCode);
        Assert.Equal(200, recorded.Response!.Body.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task ProactiveSender_ToAStoredConversation_DeliversTheMessage()
    {
        var ct = _timeout.Token;
        // Any activity from the chat stores its reference; this test makes its own rather than rely on another's.
        await _chat.ReplyToAsync(await _chat.SayAsync(fixture.Identity.PersonalChatId, "help", ct), ct);
        var text = $"Batch wave-{Guid.NewGuid():N} finished (proactive)";

        var messenger = fixture.Bot.Services.GetRequiredService<ProactiveMessenger>();
        var sent = await messenger.SendTextAsync(fixture.Identity.PersonalChatId, text, ct);

        Assert.False(string.IsNullOrEmpty(sent.Id));
        var delivered = await fixture.Recording.WaitForAsync(
            $"the proactive message \"{text}\"",
            e => e.IsFromBot && e.BodyString("text") == text,
            PlaygroundConversation.ReplyTimeout,
            ct);
        Assert.True(delivered.PostsTo(fixture.Identity.PersonalChatId), delivered.ToString());
        Assert.Null(delivered.BodyString("replyToId"));
        Assert.Equal(sent.Id, delivered.MessageId);
    }

    private static void AssertIsHelpCard(JsonElement card)
    {
        var expected = CardAttachments.ToJson(HelpCard.Build());
        Assert.True(
            JsonElement.DeepEquals(expected, card),
            $"the reply is not the help card.\nexpected: {expected.GetRawText()}\nactual:   {card.GetRawText()}");
        Assert.NotEmpty(CardPress.ExecuteActions(card));
    }
}
