using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Hosting;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// The real host, built by <see cref="BotApp.Create"/> exactly as Program.cs does, started in this process
/// on a loopback port the OS picks, with a SQLite file of its own. Settings are passed as command-line
/// arguments so they win over anything in the test runner's environment.
/// </summary>
internal sealed class InProcessBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private InProcessBot(WebApplication app, string directory, Uri baseUrl)
    {
        _app = app;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri MessagesEndpoint => new(BaseUrl, "api/messages");

    public IServiceProvider Services => _app.Services;

    /// <summary>Development, the unauthenticated switch on: what the Agents Playground needs (BOTFRAMEWORK.md §2.3).</summary>
    public static Task<InProcessBot> StartUnauthenticatedAsync(CancellationToken cancellationToken) =>
        StartAsync(
            "Development",
            new Dictionary<string, string> { ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true" },
            configure: null,
            cancellationToken);

    public static async Task<InProcessBot> StartAsync(
        string environment,
        IReadOnlyDictionary<string, string> settings,
        Action<WebApplicationBuilder>? configure,
        CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("migrationbot-host-").FullName;
        var all = new Dictionary<string, string>
        {
            ["environment"] = environment,
            ["urls"] = "http://127.0.0.1:0",
            ["contentRoot"] = directory,
            ["Store:SqlitePath"] = Path.Combine(directory, "migrationbot.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var args = all.Select(p => string.Create(CultureInfo.InvariantCulture, $"--{p.Key}={p.Value}")).ToArray();
        var app = BotApp.Create(args, configure);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessBot(app, directory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS eventually.
        }
    }
}
