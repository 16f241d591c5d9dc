using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Conversations;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Conversations;

public sealed class ProactiveMessengerTests : IDisposable
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-proactive-").FullName;
    private readonly ConversationStore _store;
    private readonly TrustedServiceUrls _trusted = new();

    public ProactiveMessengerTests() =>
        _store = new ConversationStore(Options.Create(new StoreOptions { SqlitePath = Path.Combine(_directory, "bot.db") }));

    [Fact]
    public async Task SendAsync_PostsToTheStoredServiceUrl_WhichBecomesTrusted()
    {
        await _store.UpsertAsync(Personal("a:alex"), CancellationToken.None);
        var connector = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"m1"}"""));

        var sent = await Messenger(connector).SendTextAsync("a:alex", "Your mailbox moves tonight.", CancellationToken.None);

        Assert.Equal("m1", sent.Id);
        Assert.Equal("https://smba.trafficmanager.net/emea/v3/conversations/a%3Aalex/activities", Assert.Single(connector.Requests).Uri.AbsoluteUri);
        Assert.True(_trusted.IsTrusted(ServiceUrl));
    }

    [Fact]
    public async Task ABlockedUser_SurfacesAsMessageWritesBlocked()
    {
        await _store.UpsertAsync(Personal("a:alex"), CancellationToken.None);
        var connector = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Forbidden, """{"error":{"code":"BotNotInConversationRoster","message":"MessageWritesBlocked"}}"""));

        await Assert.ThrowsAsync<MessageWritesBlockedException>(() =>
            Messenger(connector).SendTextAsync("a:alex", "hi", CancellationToken.None));
    }

    [Fact]
    public async Task CreatePersonalConversation_AsksTeamsForA1To1Chat_AndStoresIt()
    {
        await _store.UpsertAsync(Personal("a:alex"), CancellationToken.None);
        var connector = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"a:megan"}"""));

        var created = await Messenger(connector).CreatePersonalConversationAsync("a:alex", "29:megan", CancellationToken.None);

        var request = Assert.Single(connector.Requests);
        Assert.Equal("https://smba.trafficmanager.net/emea/v3/conversations", request.Uri.AbsoluteUri);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.False(body.RootElement.GetProperty("isGroup").GetBoolean());
        Assert.Equal("28:bot", body.RootElement.GetProperty("bot").GetProperty("id").GetString());
        Assert.Equal("29:megan", body.RootElement.GetProperty("members")[0].GetProperty("id").GetString());
        Assert.Equal("tenant-1", body.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("tenant-1", body.RootElement.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.Equal("a:megan", created.ConversationId);
        Assert.Equal("29:megan", (await _store.GetAsync("a:megan", CancellationToken.None))?.UserId);
    }

    [Fact]
    public async Task StartChannelThread_PostsIntoTheChannel_AndStoresTheThread()
    {
        var channel = Personal("19:it@thread.tacv2;messageid=1") with { ConversationType = "channel", TeamId = "team-1", TeamsChannelId = "19:it@thread.tacv2" };
        await _store.UpsertAsync(channel, CancellationToken.None);
        var connector = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"19:it@thread.tacv2;messageid=99","activityId":"99"}"""));

        var thread = await Messenger(connector).StartChannelThreadAsync(channel.ConversationId, OutboundActivity.FromText("Batch wave2 started"), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(connector.Requests).Body!);
        Assert.True(body.RootElement.GetProperty("isGroup").GetBoolean());
        Assert.Equal("19:it@thread.tacv2", body.RootElement.GetProperty("channelData").GetProperty("channel").GetProperty("id").GetString());
        Assert.Equal("Batch wave2 started", body.RootElement.GetProperty("activity").GetProperty("text").GetString());
        Assert.Equal("19:it@thread.tacv2;messageid=99", thread.ConversationId);
        Assert.NotNull(await _store.GetAsync(thread.ConversationId, CancellationToken.None));
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ProactiveMessenger Messenger(FakeHttpHandler connector) => new(
        _store,
        new ConnectorClient(new HttpClient(connector), new FakeTokenSource(), _trusted, Options.Create(new ConnectorRetryOptions()), new OutboundRateLimiter(TimeProvider.System), new RecordingDelays(), NullLogger<ConnectorClient>.Instance),
        _trusted);

    private static ConversationReference Personal(string id) => new(
        id, ServiceUrl, "msteams", "tenant-1", "personal", "28:bot", "MigrationBot", "29:alex", "aad-alex", "Alex", null, null, DateTimeOffset.UnixEpoch);
}
