using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Messages;
using MigrationBot.Conversations;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Hosting;

public sealed class BotAppTests : IDisposable
{
    private static readonly Dictionary<string, string?> Unauthenticated = new() { ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true" };
    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-host-").FullName;

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task TheHost_RefusesToStart_WithTheUnauthenticatedSwitchOutsideDevelopment(string environment)
    {
        await using var app = RunningBot.Build(environment, _issuer, new FakeHttpHandler(), _directory, Unauthenticated);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Bot:DangerouslyAllowUnauthenticatedRequests", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task TheHost_RefusesToStart_WithTheOpenIdMetadataOverrideOutsideDevelopment(string environment)
    {
        await using var app = RunningBot.Build(environment, _issuer, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Bot:DangerouslyOverrideOpenIdMetadataUrl"] = "http://127.0.0.1:9/openidconfiguration" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Bot:DangerouslyOverrideOpenIdMetadataUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithTheOldMetadataSetting_NamingTheNewOne()
    {
        await using var app = RunningBot.Build("Development", _issuer, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Bot:OpenIdMetadataUrl"] = "https://login.botframework.example/v1/.well-known/openidconfiguration" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Bot:OpenIdMetadataUrl is no longer read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bot:DangerouslyOverrideOpenIdMetadataUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopment_TheMetadataOverride_IsWhereTheSigningKeysComeFrom()
    {
        var local = new FakeHttpHandler(r => _issuer.Respond(r.Uri.AbsoluteUri == "http://127.0.0.1:9/openidconfiguration" ? new Uri(TestIssuer.MetadataUrl) : r.Uri));
        await using var bot = await RunningBot.StartAsync("Development", _issuer,
            new Dictionary<string, string?> { ["Bot:DangerouslyOverrideOpenIdMetadataUrl"] = "http://127.0.0.1:9/openidconfiguration" },
            b => b.Services.AddHttpClient(MigrationBot.BotFramework.Auth.OpenIdMetadata.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => local));

        var response = await bot.PostActivityWithTokenAsync(TestActivities.Message("help"), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://127.0.0.1:9/openidconfiguration", local.Requests[0].Uri.AbsoluteUri);
    }

    [Fact]
    public async Task AProductionStartWithoutAKeyRingCertificate_WarnsThatTheKeysLieUnencrypted()
    {
        var logs = new CapturedLogs();

        await using var bot = await RunningBot.StartAsync("Production", _issuer, configure: logs.Attach());

        Assert.Contains(logs.Lines, l => l.Contains("key ring lies unencrypted", StringComparison.Ordinal) && l.Contains("DataProtection:CertificatePath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithoutAnAppId()
    {
        await using var app = RunningBot.Build("Production", _issuer, new FakeHttpHandler(), _directory, new Dictionary<string, string?> { ["MicrosoftAppId"] = "" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("MicrosoftAppId is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithASingleTenantAppWithoutTenant()
    {
        await using var app = RunningBot.Build("Production", _issuer, new FakeHttpHandler(), _directory, new Dictionary<string, string?> { ["MicrosoftAppTenantId"] = null });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("MicrosoftAppTenantId is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAndReadiness_AnswerInProduction()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);

        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Readiness_Fails_WhenTheStoreCannotBeOpened()
    {
        var blocker = Path.Combine(_directory, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x");
        await using var bot = await RunningBot.StartAsync("Production", _issuer,
            new Dictionary<string, string?> { ["Store:SqlitePath"] = Path.Combine(blocker, "bot.db") });

        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await bot.Http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task InDevelopmentWithTheSwitch_ALoopbackCallerWithoutTokenIsServed_AndGetsTheHelpCard()
    {
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Unauthenticated);
        var activity = TestActivities.Message("<at>MigrationBot</at> help", serviceUrl: "http://localhost:56150/_connector");

        var response = await bot.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        Assert.StartsWith("http://localhost:56150/_connector/v3/conversations/a%3Apersonal-1/activities/", reply.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("MigrationBot commands", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentWithTheSwitch_ANonLoopbackCallerStillNeedsAToken()
    {
        await using var app = RunningBot.Build("Development", _issuer, new FakeHttpHandler(), _directory, Unauthenticated);
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(TestActivities.Message("help").ToJsonString()));

        await MessagesEndpoint.HandleAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal(0, app.Services.GetRequiredService<ActivityQueue>().Enqueued);
    }

    [Fact]
    public async Task AnInvoke_IsAnsweredInTheSameResponse_WithAReplacementCard()
    {
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Unauthenticated);

        var response = await bot.PostActivityAsync(TestActivities.Invoke("showCommand", new() { ["command"] = "status" }, serviceUrl: "http://localhost:56150/_connector"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("AdaptiveCard", body.RootElement.GetProperty("value").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnUnknownInvoke_Answers501()
    {
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Unauthenticated);

        var response = await bot.PostActivityAsync(TestActivities.Invoke("x", name: "composeExtension/query", serviceUrl: "http://localhost:56150/_connector"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotAnActivity_IsABadRequest()
    {
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Unauthenticated);

        var response = await bot.Http.PostAsync("/api/messages", new StringContent("{\"type\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnOversizedBody_IsRefusedUnread()
    {
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Unauthenticated);
        var activity = TestActivities.Message(new string('x', 2 * 1024 * 1024), serviceUrl: "http://localhost:56150/_connector");

        // With the body sent straight away, the 413 raced the client's write into the closed connection (a broken
        // pipe instead of the response, now and then).
        var response = await bot.PostActivityAsync(activity, expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, bot.App.Services.GetRequiredService<ActivityQueue>().Enqueued);
    }

    [Fact]
    public async Task AfterAMessage_TheProactiveMessengerCanWriteToThatConversation()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        await bot.PostActivityWithTokenAsync(TestActivities.Message("status", conversationId: "a:proactive"), _issuer.CreateToken());

        var messenger = bot.App.Services.GetRequiredService<ProactiveMessenger>();
        await messenger.SendTextAsync("a:proactive", "Batch wave2 is synced.", CancellationToken.None);

        var sent = await bot.Connector.WaitForRequestAsync(r => r.Body?.Contains("wave2 is synced", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(5));
        Assert.Equal("https://smba.trafficmanager.net/amer/v3/conversations/a%3Aproactive/activities", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer bot-token", sent.Authorization);
    }

    [Fact]
    public async Task TheProactiveMessenger_RefusesAConversationItNeverSaw()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);

        var messenger = bot.App.Services.GetRequiredService<ProactiveMessenger>();

        await Assert.ThrowsAsync<UnknownConversationException>(() => messenger.SendTextAsync("a:nobody", "hi", CancellationToken.None));
        Assert.Empty(bot.Connector.Requests);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
