using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Runs;
using MigrationBot.Graph;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Graph;

public sealed class LoopbackGraphTests : IDisposable
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-graph-").FullName;

    private static Dictionary<string, string?> Switch(string baseUrl) => new()
    {
        ["Graph:DangerouslyUseLoopbackWithoutToken"] = "true",
        ["Graph:BaseUrl"] = baseUrl,
    };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task TheHost_RefusesToStart_WithTheLoopbackGraphSwitchOutsideDevelopment(string environment)
    {
        await using var app = RunningBot.Build(environment, _issuer, new FakeHttpHandler(), _directory, Switch("http://127.0.0.1:5999/v1.0"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Graph:DangerouslyUseLoopbackWithoutToken", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithTheLoopbackGraphSwitchForMicrosoftGraph()
    {
        await using var app = RunningBot.Build("Development", _issuer, new FakeHttpHandler(), _directory, Switch("https://graph.microsoft.com/v1.0"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Graph:DangerouslyUseLoopbackWithoutToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a loopback", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:41234/v1.0", true)]
    [InlineData("https://localhost:8443/v1.0", true)]
    [InlineData("http://[::1]:41234/v1.0", true)]
    [InlineData("http://10.0.0.5:41234/v1.0", false)]
    [InlineData("http://graph.contoso.test/v1.0", false)]
    [InlineData("ftp://127.0.0.1/v1.0", false)]
    public void OnlyAnHttpUrlOnThisMachine_IsLoopback(string url, bool loopback) =>
        Assert.Equal(loopback, GraphOptionsValidator.IsLoopback(new Uri(url)));

    [Fact]
    public async Task WithoutTheSwitch_ALoopbackBaseUrlWithoutCredentials_LeavesGraphNotConfigured()
    {
        await using var app = RunningBot.Build("Development", _issuer, new FakeHttpHandler(), _directory,
            new Dictionary<string, string?> { ["Graph:BaseUrl"] = "http://127.0.0.1:5999/v1.0" });

        Assert.Null(app.Services.GetRequiredService<GraphAccess>().Client);
    }

    [Fact]
    public async Task WithTheSwitchInDevelopment_PreflightReadinessReadsTheStandIn_WithThePlaceholderToken()
    {
        await using var graph = await FakeGraph.StartAsync();
        graph.Users["ann@contoso.com"] = (true, "Enabled", true);
        graph.Domains.Add(("contoso.com", true));
        await using var bot = await RunningBot.StartAsync("Development", _issuer, Switch(graph.BaseUrl.AbsoluteUri));

        var (notReady, found, note) = await bot.App.Services.GetRequiredService<Microsoft365Check>().CheckAsync(["ann@contoso.com"], CancellationToken.None);

        Assert.Null(note);
        Assert.Empty(notReady);
        Assert.Equal(("id-ann", "W. Europe Standard Time", "de-DE"), (found["ann@contoso.com"].ObjectId, found["ann@contoso.com"].TimeZone, found["ann@contoso.com"].Locale));
        Assert.NotEmpty(graph.Requests);
        Assert.All(graph.Requests, r => Assert.Equal("Bearer " + LoopbackDevCredential.Token, r.Authorization));
        Assert.True(bot.App.Services.GetRequiredService<IHostEnvironment>().IsDevelopment());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
