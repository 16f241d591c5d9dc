using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using MigrationBot.BotFramework.Messages;
using MigrationBot.Conversations;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.BotFramework.Auth;

/// <summary>One running bot (Production, real token validation) shared by the tests of a class.</summary>
public sealed class AuthBotFixture : IAsyncLifetime
{
    public RecordingActivityHandler Handler { get; } = new();
    public RunningBot Bot { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Bot = await RunningBot.StartAsync("Production", TestIssuer.Shared, configure: b => b.Services.AddSingleton<IActivityHandler>(Handler));

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}

/// <summary>BOTFRAMEWORK.md §1.1.3 through the real pipeline: good tokens are served.</summary>
public sealed class InboundAuthAcceptanceTests(AuthBotFixture fixture) : IClassFixture<AuthBotFixture>
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private readonly RunningBot _bot = fixture.Bot;

    [Fact]
    public async Task AValidChannelToken_IsAccepted_AndTheMessageIsHandled()
    {
        var activity = TestActivities.Message("help");

        var response = await _bot.PostActivityWithTokenAsync(activity, _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await fixture.Handler.WaitForAsync((string)activity["id"]!, TimeSpan.FromSeconds(10));
        Assert.NotNull(await _bot.App.Services.GetRequiredService<ConversationStore>().GetAsync("a:personal-1", CancellationToken.None));
    }

    [Fact]
    public async Task AValidToken_WhoseServiceUrlLacksTheTrailingSlash_IsAccepted()
    {
        var activity = TestActivities.Message("help", serviceUrl: "https://SMBA.trafficmanager.net/amer");

        var response = await _bot.PostActivityWithTokenAsync(activity, _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AToken_ExpiredThreeMinutesAgo_IsStillInsideTheFiveMinuteSkew() =>
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostActivityWithTokenAsync(TestActivities.Message("help"), _issuer.CreateToken(d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddMinutes(-60);
            d.Expires = DateTime.UtcNow.AddMinutes(-3);
        }))).StatusCode);
}

/// <summary>BOTFRAMEWORK.md §1.1.3 through the real pipeline: every broken token is 401 and nothing runs.</summary>
public sealed class InboundAuthRejectionTests(AuthBotFixture fixture) : IClassFixture<AuthBotFixture>
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private readonly RecordingActivityHandler _handler = fixture.Handler;
    private readonly RunningBot _bot = fixture.Bot;

    [Fact]
    public Task AToken_ExpiredBeyondTheSkew_IsRejected() => AssertRejected(_issuer.CreateToken(d =>
    {
        d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddMinutes(-70);
        d.Expires = DateTime.UtcNow.AddMinutes(-10);
    }));

    [Fact]
    public Task AToken_NotYetValid_IsRejected() => AssertRejected(_issuer.CreateToken(d =>
    {
        d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddMinutes(10);
        d.Expires = DateTime.UtcNow.AddMinutes(70);
    }));

    [Fact]
    public Task AToken_ForAnotherAudience_IsRejected() => AssertRejected(_issuer.CreateToken(d => d.Audience = "another-bot"));

    [Fact]
    public Task AToken_FromAnotherIssuer_IsRejected() =>
        AssertRejected(_issuer.CreateToken(d => d.Issuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"));

    [Fact]
    public Task AToken_SignedByAKeyNotEndorsedForTheChannel_IsRejected() =>
        AssertRejected(_issuer.CreateToken(keyId: TestIssuer.WebChatKeyId));

    [Fact]
    public Task AToken_ForADifferentServiceUrl_IsRejected() =>
        AssertRejected(_issuer.CreateToken(d => d.Claims["serviceurl"] = "https://evil.example.com/amer/"));

    [Fact]
    public Task AToken_WithoutAServiceUrlClaim_IsRejected() => AssertRejected(_issuer.CreateToken(d => d.Claims.Remove("serviceurl")));

    [Fact]
    public Task AToken_SignedWithHs256_IsRejected() => AssertRejected(TestIssuer.CreateHs256Token());

    [Fact]
    public Task AToken_WithAlgorithmNone_IsRejected() => AssertRejected(TestIssuer.CreateUnsignedToken());

    [Fact]
    public Task AToken_SignedWithRs256ButAnUnpublishedKey_IsRejected() => AssertRejected(_issuer.CreateToken(keyId: "unpublished-key"));

    [Fact]
    public Task AToken_SignedWithAnRsaPssAlgorithm_IsRejected() =>
        AssertRejected(_issuer.CreateToken(algorithm: SecurityAlgorithms.RsaSsaPssSha256));

    [Fact]
    public Task AMalformedToken_IsRejected() => AssertRejected("not.a.jwt-at-all");

    [Fact]
    public Task ARequestWithoutAuthorization_IsRejected() => AssertHeaderRejected(null);

    [Fact]
    public Task ARequestWithABasicAuthorization_IsRejected() => AssertHeaderRejected("Basic dXNlcjpwYXNz");

    [Fact]
    public Task AnEmptyBearer_IsRejected() => AssertHeaderRejected("Bearer ");

    [Fact]
    public async Task AnInvokeWithABadToken_IsRejected_AndGetsNoCard()
    {
        var response = await _bot.PostActivityWithTokenAsync(TestActivities.Invoke("showCommand"), _issuer.CreateToken(d => d.Audience = "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        await AssertNothingProcessed();
    }

    private ConversationStore Store => _bot.App.Services.GetRequiredService<ConversationStore>();

    private Task AssertRejected(string token) => AssertHeaderRejected("Bearer " + token);

    private async Task AssertHeaderRejected(string? authorization)
    {
        var response = await _bot.PostActivityAsync(TestActivities.Message("help"), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingProcessed();
    }

    private async Task AssertNothingProcessed()
    {
        await Task.Delay(50);
        Assert.Empty(_handler.Seen);
        Assert.Equal(0, _bot.App.Services.GetRequiredService<ActivityQueue>().Enqueued);
        Assert.Empty(await Store.ListAsync(CancellationToken.None));
        Assert.Empty(_bot.Connector.Requests);
    }
}
