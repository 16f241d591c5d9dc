using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;

namespace MigrationBot.Tests.BotFramework.Connector;

public sealed class ConnectorClientTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer";
    private readonly TrustedServiceUrls _trusted = new();
    private readonly RecordingDelays _delays = new();
    private readonly FakeTokenSource _tokens = new("bot-token");

    public ConnectorClientTests() => _trusted.Trust(ServiceUrl);

    [Fact]
    public async Task A429WithRetryAfter_IsRetriedAfterTheAskedDelay_ThenSucceeds()
    {
        var handler = FakeHttpHandler.Sequence(
            () => Throttled(TimeSpan.FromSeconds(3)),
            () => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"1795730537341"}"""));

        var result = await Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None);

        Assert.Equal("1795730537341", result.Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(3)], _delays.Delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task TransientStatuses_AreRetriedWithJitteredExponentialBackoff(HttpStatusCode status)
    {
        var handler = FakeHttpHandler.Sequence(() => new HttpResponseMessage(status), () => new HttpResponseMessage(status),
            () => FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"x"}"""));

        await Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.InRange(_delays.Delays[0].TotalSeconds, 1.6, 2.4);
        Assert.InRange(_delays.Delays[1].TotalSeconds, 3.2, 4.8);
    }

    [Fact]
    public async Task FiveHundredsUntilExhaustion_GiveAClearErrorAfterTheRetryBudget()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.BadGateway, """{"error":{"code":"ServiceError","message":"upstream"}}"""));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("ServiceError", error.ErrorCode);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.All(_delays.Delays, d => Assert.True(d <= TimeSpan.FromSeconds(24)));
    }

    [Fact]
    public async Task AConnectionFailure_IsRetried_ThenSucceeds()
    {
        var calls = 0;
        var handler = new FakeHttpHandler(_ => ++calls == 1
            ? throw new HttpRequestException("Connection refused")
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"after-reconnect"}"""));

        var result = await Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None);

        Assert.Equal("after-reconnect", result.Id);
        Assert.Single(_delays.Delays);
    }

    [Fact]
    public async Task AConnectorThatStaysUnreachable_GivesAClearErrorAfterTheRetryBudget()
    {
        var handler = new FakeHttpHandler(_ => throw new HttpRequestException("Connection refused"));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Equal(4, error.Attempts);
        Assert.Contains("could not be reached after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task AnInternalServerError_IsNotRetried()
    {
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Contains("not retryable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A403MessageWritesBlocked_SurfacesAsItsOwnException_WithoutRetry()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Forbidden,
            """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot.","subCode":"MessageWritesBlocked"}}"""));

        var error = await Assert.ThrowsAsync<MessageWritesBlockedException>(() =>
            Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Equal("a:conv", error.ConversationId);
        Assert.Equal("ConversationBlockedByUser", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AnUntrustedServiceUrl_NeverReceivesTheToken()
    {
        var handler = new FakeHttpHandler();

        await Assert.ThrowsAsync<UntrustedServiceUrlException>(() =>
            Client(handler).SendToConversationAsync("https://evil.example.com/", "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.Equal(0, _tokens.Calls);
    }

    [Fact]
    public async Task Replies_GoToTheEscapedActivityPath_WithTheBearerToken()
    {
        var handler = new FakeHttpHandler();

        await Client(handler).ReplyAsync(ServiceUrl, "19:abc@thread.tacv2;messageid=17", "17", OutboundActivity.FromText("hi"), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/17", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer bot-token", request.Authorization);
        Assert.Contains("\"replyToId\":\"17\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"message\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateDeleteCreateAndMembers_UseTheConnectorRoutes()
    {
        var handler = new FakeHttpHandler(r => r.Method == HttpMethod.Get
            ? FakeHttpHandler.Json(HttpStatusCode.OK, """[{"id":"29:u","name":"Alex","aadObjectId":"aad"}]""")
            : r.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.OK)
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"a:new","activityId":"9"}"""));
        var client = Client(handler);

        await client.UpdateAsync(ServiceUrl, "a:c", "5", OutboundActivity.FromText("edited"), CancellationToken.None);
        await client.DeleteAsync(ServiceUrl, "a:c", "5", CancellationToken.None);
        var created = await client.CreateConversationAsync(ServiceUrl, new ConversationParameters { Members = [new ChannelAccount { Id = "29:u" }] }, CancellationToken.None);
        var members = await client.GetMembersAsync(ServiceUrl, "a:c", CancellationToken.None);

        Assert.Equal(
            ["PUT v3/conversations/a%3Ac/activities/5", "DELETE v3/conversations/a%3Ac/activities/5", "POST v3/conversations", "GET v3/conversations/a%3Ac/members"],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.AbsoluteUri[(ServiceUrl.Length + 1)..]}"));
        Assert.Equal("a:new", created.Id);
        Assert.Equal("aad", Assert.Single(members).AadObjectId);
    }

    [Fact]
    public async Task TenSendsAtOnceToOneConversation_AreQueuedUnderTeamsLimits_NotSentAsABurst()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"1"}"""));
        var limiter = new OutboundRateLimiter(_delays);
        var client = new ConnectorClient(new HttpClient(handler), _tokens, _trusted, Options.Create(new ConnectorRetryOptions()), limiter, _delays, NullLogger<ConnectorClient>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText($"n{i}"), CancellationToken.None)));

        Assert.Equal(10, handler.Requests.Count);
        // Seven go at once; the eighth waits for the 1 s window, the ninth and tenth for the 2 s one.
        Assert.Equal(3, _delays.Delays.Count);
        Assert.All(_delays.Delays, d => Assert.InRange(d.TotalSeconds, 0.9, 2.0));
    }

    [Fact]
    public async Task AnActivityOverTeams28KbLimit_IsRefusedBeforeItIsSent()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"1"}"""));

        var error = await Assert.ThrowsAsync<OutboundActivityTooLargeException>(() =>
            Client(handler).SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText(new string('x', ConnectorClient.MaxActivityBytes)), CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.True(error.Bytes > ConnectorClient.MaxActivityBytes);
        Assert.Contains("over Teams' limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A401_DropsTheCachedTokenOnce_AndTheCallSucceedsWithANewOne()
    {
        var tokens = new RenewableTokenSource();
        var handler = new FakeHttpHandler(r => r.Authorization == "Bearer token-1"
            ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"7"}"""));
        var client = new ConnectorClient(new HttpClient(handler), tokens, _trusted, Options.Create(new ConnectorRetryOptions()), new OutboundRateLimiter(TimeProvider.System), _delays, NullLogger<ConnectorClient>.Instance);

        var sent = await client.SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None);

        Assert.Equal("7", sent.Id);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], handler.Requests.Select(r => r.Authorization));
        Assert.Equal(1, tokens.Invalidations);
    }

    [Fact]
    public async Task A401ThatPersists_IsNotRetriedPastOneNewToken()
    {
        var tokens = new RenewableTokenSource();
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        var client = new ConnectorClient(new HttpClient(handler), tokens, _trusted, Options.Create(new ConnectorRetryOptions()), new OutboundRateLimiter(TimeProvider.System), _delays, NullLogger<ConnectorClient>.Instance);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(ServiceUrl, "a:conv", OutboundActivity.FromText("hi"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, tokens.Invalidations);
    }

    /// <summary>A token source that hands out token-1 until told to forget it, then token-2, and so on.</summary>
    private sealed class RenewableTokenSource : IBotTokenSource
    {
        private int _generation = 1;

        public int Invalidations { get; private set; }

        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>($"token-{_generation}");

        public void Invalidate()
        {
            Invalidations++;
            _generation++;
        }
    }

    private ConnectorClient Client(FakeHttpHandler handler) =>
        new(new HttpClient(handler), _tokens, _trusted, Options.Create(new ConnectorRetryOptions()), new OutboundRateLimiter(TimeProvider.System), _delays, NullLogger<ConnectorClient>.Instance);

    private static HttpResponseMessage Throttled(TimeSpan retryAfter)
    {
        var response = FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests"}}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    }
}
