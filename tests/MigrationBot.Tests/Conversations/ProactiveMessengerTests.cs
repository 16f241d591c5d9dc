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

    private readonly PeopleDirectory _people;

    public ProactiveMessengerTests()
    {
        var options = Options.Create(new StoreOptions { SqlitePath = Path.Combine(_directory, "bot.db") });
        _store = new ConversationStore(options);
        _people = new PeopleDirectory(options);
    }

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
    public async Task CreatePersonalConversation_NamesThePersonByTheirTeamsIdFromTheTeamRoster_ReadPageByPage_AndStoresTheChat()
    {
        await _store.UpsertAsync(Personal("19:it@thread.tacv2;messageid=1") with { ConversationType = "channel", TeamId = "19:team@thread.tacv2" }, CancellationToken.None);
        var connector = new FakeHttpHandler(r => r.Method == HttpMethod.Get
            ? FakeHttpHandler.Json(HttpStatusCode.OK, r.Uri.Query.Contains("continuationToken=page2", StringComparison.Ordinal)
                ? """{"members":[{"id":"29:megan","name":"Megan Bowen","aadObjectId":"aad-megan"}]}"""
                : """{"members":[{"id":"29:adele","name":"Adele Vance","aadObjectId":"aad-adele"}],"continuationToken":"page2"}""")
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"a:megan"}"""));

        var created = await Messenger(connector).CreatePersonalConversationAsync("19:it@thread.tacv2;messageid=1", "aad-megan", CancellationToken.None);

        Assert.Equal(
            ["GET v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers?pageSize=500", "GET v3/conversations/19%3Ateam%40thread.tacv2/pagedmembers?pageSize=500&continuationToken=page2", "POST v3/conversations"],
            connector.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery[("/emea/".Length)..]}"));
        using var body = JsonDocument.Parse(connector.Requests[^1].Body!);
        Assert.False(body.RootElement.GetProperty("isGroup").GetBoolean());
        Assert.Equal("28:bot", body.RootElement.GetProperty("bot").GetProperty("id").GetString());
        Assert.Equal("29:megan", body.RootElement.GetProperty("members")[0].GetProperty("id").GetString());
        Assert.Equal("tenant-1", body.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("tenant-1", body.RootElement.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.Equal("a:megan", created.ConversationId);
        var stored = await _store.GetAsync("a:megan", CancellationToken.None);
        Assert.Equal(("29:megan", "aad-megan"), (stored?.UserId, stored?.UserAadObjectId));
        Assert.Equal("a:megan", (await _store.FindPersonalAsync("aad-megan", CancellationToken.None))?.ConversationId);
    }

    [Fact]
    public async Task CreatePersonalConversation_ForSomeoneTheBotHasSeen_TakesTheirTeamsIdWithoutReadingTheRoster()
    {
        await _store.UpsertAsync(Personal("a:alex"), CancellationToken.None);
        await _people.RememberAsync("aad-megan", "29:megan", "Megan Bowen", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var connector = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"a:megan"}"""));

        await Messenger(connector).CreatePersonalConversationAsync("a:alex", "aad-megan", CancellationToken.None);

        var request = Assert.Single(connector.Requests);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("29:megan", body.RootElement.GetProperty("members")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreatePersonalConversation_ForSomeoneNotInTheRoster_NamesThemByTheirEntraObjectId()
    {
        await _store.UpsertAsync(Personal("a:alex"), CancellationToken.None);
        var connector = new FakeHttpHandler(r => r.Method == HttpMethod.Get
            ? FakeHttpHandler.Json(HttpStatusCode.OK, """{"members":[{"id":"29:alex","aadObjectId":"aad-alex"}]}""")
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"a:megan"}"""));

        await Messenger(connector).CreatePersonalConversationAsync("a:alex", "aad-megan", CancellationToken.None);

        using var body = JsonDocument.Parse(connector.Requests[^1].Body!);
        Assert.Equal("aad-megan", body.RootElement.GetProperty("members")[0].GetProperty("id").GetString());
        Assert.Equal("aad-megan", (await _store.GetAsync("a:megan", CancellationToken.None))?.UserId);
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
        _people.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ProactiveMessenger Messenger(FakeHttpHandler connector)
    {
        var client = new ConnectorClient(new HttpClient(connector), new FakeTokenSource(), _trusted, Options.Create(new ConnectorRetryOptions()),
            new OutboundRateLimiter(TimeProvider.System), new RecordingDelays(), NullLogger<ConnectorClient>.Instance);
        return new ProactiveMessenger(_store, client, _trusted, new TeamsUserLookup(_people, client, TimeProvider.System));
    }

    private static ConversationReference Personal(string id) => new(
        id, ServiceUrl, "msteams", "tenant-1", "personal", "28:bot", "MigrationBot", "29:alex", "aad-alex", "Alex", null, null, DateTimeOffset.UnixEpoch);
}
