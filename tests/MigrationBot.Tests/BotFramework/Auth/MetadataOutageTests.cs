using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.BotFramework.Auth;
using MigrationBot.BotFramework.Messages;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.BotFramework.Auth;

/// <summary>
/// The front door while the Bot Framework's OpenID metadata cannot be fetched: a forged token is still a 401 (its
/// faults are found without the keys), a well-formed one is our outage (503 with Retry-After), never a 500.
/// </summary>
public sealed class MetadataOutageTests : IAsyncLifetime
{
    private readonly RecordingActivityHandler _handler = new();
    private RunningBot _bot = null!;

    public async Task InitializeAsync() =>
        _bot = await RunningBot.StartAsync("Production", TestIssuer.Shared, configure: b =>
        {
            b.Services.AddHttpClient(OpenIdMetadata.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
                new Connector.FakeHttpHandler(_ => throw new HttpRequestException("Connection refused (login.botframework.com:443)")));
            b.Services.AddSingleton<IActivityHandler>(_handler);
        });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task AnHs256Token_IsUnauthorized_NotAServerError() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bot.PostActivityWithTokenAsync(TestActivities.Message("help"), TestIssuer.CreateHs256Token())).StatusCode);

    [Fact]
    public async Task AnAlgNoneToken_IsUnauthorized_NotAServerError() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bot.PostActivityWithTokenAsync(TestActivities.Message("help"), TestIssuer.CreateUnsignedToken())).StatusCode);

    [Fact]
    public async Task AWellFormedToken_Is503WithRetryAfter_AndNothingIsProcessed()
    {
        var activity = TestActivities.Message("help");

        var response = await _bot.PostActivityWithTokenAsync(activity, TestIssuer.Shared.CreateToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        await Task.Delay(200);
        Assert.DoesNotContain(_handler.Seen, a => a.Id == (string)activity["id"]!);
    }
}
