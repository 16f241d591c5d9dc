using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigrationBot.BotFramework.Auth;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Hosting;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Hosting;

/// <summary>
/// The real app from <see cref="BotApp.Create"/> on 127.0.0.1 with a free port, its own SQLite file, the
/// test issuer's OpenID metadata, and a fake Connector that records the bot's outbound calls.
/// </summary>
public sealed class RunningBot : IAsyncDisposable
{
    private readonly string _directory;

    private readonly bool _ownsDirectory;

    private RunningBot(WebApplication app, HttpClient http, FakeHttpHandler connector, string directory, bool ownsDirectory = true)
    {
        _ownsDirectory = ownsDirectory;
        App = app;
        Http = http;
        Connector = connector;
        _directory = directory;
    }

    public WebApplication App { get; }
    public HttpClient Http { get; }
    public FakeHttpHandler Connector { get; }

    public static WebApplication Build(
        string environment, TestIssuer issuer, FakeHttpHandler connector, string directory,
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = TestIssuer.AppId,
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = TestActivities.TenantId,
            ["MicrosoftAppPassword"] = "not-a-real-secret",
            ["Store:SqlitePath"] = Path.Combine(directory, "bot.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return BotApp.Create(["--urls", "http://127.0.0.1:0", "--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.Logging.ClearProviders();
            builder.Services.AddHttpClient(OpenIdMetadata.HttpClientName).ConfigurePrimaryHttpMessageHandler(issuer.CreateMetadataHandler);
            builder.Services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector);
            builder.Services.AddSingleton<IBotTokenSource>(new FakeTokenSource());
            configure?.Invoke(builder);
        });
    }

    public static async Task<RunningBot> StartAsync(
        string environment, TestIssuer issuer, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("migrationbot-test-").FullName;
        var connector = new FakeHttpHandler();
        var app = Build(environment, issuer, connector, directory, settings, configure);
        await app.StartAsync();
        await SchedulerStartedAsync(app);
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new RunningBot(app, http, connector, directory);
    }

    /// <summary>
    /// Waits (at most 10 s: a test may keep the database away on purpose) until the scheduler runs and has picked up
    /// the batches a stop left unfinished, so that pick-up never races what the test does next.
    /// </summary>
    public static async Task SchedulerStartedAsync(WebApplication app)
    {
        var host = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<MigrationBot.Batches.Jobs.SchedulerHost>().SingleOrDefault();
        if (host?.ExecuteTask is { } started)
            await Task.WhenAny(started, Task.Delay(TimeSpan.FromSeconds(10)));
    }

    /// <summary>A started app of <see cref="Build"/> (one whose directory outlives it: a restart on the same database).</summary>
    public static RunningBot Attach(WebApplication app, FakeHttpHandler connector, string directory) =>
        new(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) }, connector, directory, ownsDirectory: false);

    /// <param name="expectContinue">
    /// Send <c>Expect: 100-continue</c> and hold the body until the server asks for it, as a client sending a large
    /// body should: a server that refuses it unread then answers without the client writing into a closed socket.
    /// </param>
    public Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? authorization = null, bool expectContinue = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = expectContinue ? true : null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostActivityWithTokenAsync(JsonObject activity, string token) =>
        PostActivityAsync(activity, new AuthenticationHeaderValue("Bearer", token).ToString());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
