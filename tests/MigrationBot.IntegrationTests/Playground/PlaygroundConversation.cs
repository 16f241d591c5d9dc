using System.Text.Json;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// Test-side steps that combine the API and the recording: say something in a chat and get the activity
/// the bot received, then the bot's reply to it.
/// </summary>
internal sealed class PlaygroundConversation(PlaygroundFixture fixture)
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Sends <paramref name="text"/> and returns the activity as the bot got it (its id is what replies point to).</summary>
    public async Task<RecordedEvent> SayAsync(string conversationId, string text, CancellationToken cancellationToken, IReadOnlyList<PlaygroundMention>? mentions = null)
    {
        var before = fixture.Recording.ReadAll().Select(e => e.LogId).ToHashSet();
        var sent = await fixture.Client.SendMessageAsync(
            conversationId,
            new PlaygroundMessage(new PlaygroundAccount(PlaygroundIdentity.CurrentUserId, null), text) { Mentions = mentions },
            cancellationToken);
        Assert.False(string.IsNullOrEmpty(sent.MessageId));

        return await fixture.Recording.WaitForAsync(
            $"the message \"{text}\" delivered to the bot in {conversationId}",
            e => e.IsToBot && !before.Contains(e.LogId) && e.ActivityName == "message" && e.BodyString("text") == text
                && e.ConversationId is { } c && c.StartsWith(conversationId, StringComparison.Ordinal),
            ReplyTimeout,
            cancellationToken);
    }

    /// <summary>The bot's Connector reply to an activity it received (POST …/activities/{replyToId}).</summary>
    public Task<RecordedEvent> ReplyToAsync(RecordedEvent inbound, CancellationToken cancellationToken) =>
        fixture.Recording.WaitForAsync(
            $"the bot's reply to activity {inbound.MessageId}",
            e => e.IsFromBot && e.BodyString("replyToId") == inbound.MessageId,
            ReplyTimeout,
            cancellationToken);

    /// <summary>The Adaptive Card of a recorded bot message (its first attachment).</summary>
    public static JsonElement CardOf(RecordedEvent message)
    {
        var attachment = message.Body.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        return attachment.GetProperty("content");
    }
}
