using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;
using MigrationBot.BotFramework;
using MigrationBot.Graph;

namespace MigrationBot.Tests.Graph;

/// <summary>The bot's app installed for a user through Graph, against FakeGraph: the install, its 409, its refusals, the catalog lookup.</summary>
public sealed class TeamsAppInstallerTests : IAsyncLifetime
{
    private const string ManifestId = "7d3c1f0e-5a1b-4f7e-9c44-2b8a6e0d9f31";
    private const string CatalogId = "b1c5353a-7aca-41b3-830f-27d5218fe0e5";

    private FakeGraph _graph = null!;
    private GraphAccess _access = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _access = GraphAccess.Create(new GraphOptions { BaseUrl = _graph.BaseUrl }, new TargetOptions(), new FixedTokenCredential("graph-token"));
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    private TeamsAppInstaller Installer(GraphOptions? options = null, string? botAppId = null)
    {
        options ??= new GraphOptions { TeamsAppManifestId = ManifestId };
        options.BaseUrl = _graph.BaseUrl;
        var catalog = new TeamsAppCatalog(_access, Options.Create(options), Options.Create(new BotOptions { MicrosoftAppId = botAppId }), NullLogger<TeamsAppCatalog>.Instance);
        return new TeamsAppInstaller(_access, catalog, NullLogger<TeamsAppInstaller>.Instance);
    }

    [Fact]
    public async Task AUserWithoutTheApp_GetsItInstalledByCatalogId_AndTheInstallationsChatIdIsAnswered()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.TeamsUsers.Add("aad-ann");

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Equal((FakeGraph.ChatIdOf("aad-ann", CatalogId), false, (string?)null), (chat.ChatId, chat.AlreadyInstalled, chat.Failure));
        Assert.Equal([CatalogId], _graph.InstalledFor("aad-ann"));
        var post = Assert.Single(_graph.Requests, r => r.Method == "POST");
        Assert.Equal("/v1.0/users/aad-ann/teamwork/installedApps", post.Path);
        using var body = JsonDocument.Parse(post.Body!);
        Assert.Equal($"{_graph.BaseUrl.AbsoluteUri.TrimEnd('/')}/appCatalogs/teamsApps/{CatalogId}", body.RootElement.GetProperty("teamsApp@odata.bind").GetString());
        // The SDK adds the entity's @odata.type, which Graph accepts; nothing else is sent.
        Assert.Equal(["teamsApp@odata.bind"], body.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "@odata.type"));
        Assert.All(_graph.Requests, r => Assert.Equal("Bearer graph-token", r.Authorization));
    }

    [Fact]
    public async Task AnAppInstalledBefore_Answers409_AndTheInstallationIsFoundByTheCatalogIdFilter_ForItsChat()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.CatalogApps.Add(("other-app", "0f0f0f0f-0000-4000-8000-000000000000", "organization"));
        _graph.TeamsUsers.Add("aad-ann");
        _graph.Install("aad-ann", "other-app");
        _graph.Install("aad-ann", CatalogId);

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Equal((FakeGraph.ChatIdOf("aad-ann", CatalogId), true), (chat.ChatId, chat.AlreadyInstalled));
        Assert.Contains(_graph.Requests, r => r.Method == "GET" && r.Path.Contains($"$filter=teamsApp/id eq '{CatalogId}'", StringComparison.Ordinal)
            && r.Path.Contains("$expand=teamsApp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInstallGraphRefuses_403_IsAFailureThatNamesTheGraphPermissionToGrant()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.TeamsUsers.Add("aad-ann");
        _graph.RefuseInstalls = true;

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Null(chat.ChatId);
        Assert.Contains("403 Forbidden", chat.Failure, StringComparison.Ordinal);
        Assert.Contains("grant the application permission TeamsAppInstallation.ReadWriteForUser.All", chat.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserTeamsDoesNotKnow_404_IsAFailureThatSaysTheUserIsUnknownToTeams()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));

        var chat = await Installer().OpenPersonalChatAsync("aad-nobody", CancellationToken.None);

        Assert.Null(chat.ChatId);
        Assert.Contains("unknown to Teams", chat.Failure, StringComparison.Ordinal);
        Assert.Contains("was not found in Teams", chat.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppMissingFromTheCatalog_IsAFailureThatSaysToUploadIt_AndNothingIsInstalled()
    {
        _graph.TeamsUsers.Add("aad-ann");

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Null(chat.ChatId);
        Assert.Contains($"manifest id {ManifestId}) is not in the organization's Teams app catalog", chat.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain(_graph.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task TheCatalogLookup_FollowsNextLinkPastASideloadedCopyToThePublishedApp_AndIsDoneOnceForEveryUser()
    {
        _graph.PageSize = 1;
        _graph.CatalogApps.Add(("sideloaded-copy", ManifestId, "sideloaded"));
        _graph.CatalogApps.Add(("unrelated", "0f0f0f0f-0000-4000-8000-000000000000", "organization"));
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.TeamsUsers.UnionWith(["aad-ann", "aad-bob"]);
        var installer = Installer();

        var ann = await installer.OpenPersonalChatAsync("aad-ann", CancellationToken.None);
        var bob = await installer.OpenPersonalChatAsync("aad-bob", CancellationToken.None);

        Assert.Equal(FakeGraph.ChatIdOf("aad-ann", CatalogId), ann.ChatId);
        Assert.Equal(FakeGraph.ChatIdOf("aad-bob", CatalogId), bob.ChatId);
        var catalogReads = _graph.Requests.Where(r => r.Path.StartsWith("/v1.0/appCatalogs/teamsApps", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, catalogReads.Count);
        Assert.Contains($"$filter=externalId eq '{ManifestId}'", catalogReads[0].Path, StringComparison.Ordinal);
        Assert.Contains("$skiptoken=1", catalogReads[1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppOnlySideloaded_IsAFailureThatSaysToPublishItToTheOrganization()
    {
        _graph.CatalogApps.Add(("sideloaded-copy", ManifestId, "sideloaded"));
        _graph.TeamsUsers.Add("aad-ann");

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Null(chat.ChatId);
        Assert.Contains("only as Sideloaded, not published to the organization", chat.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A429WithRetryAfterOnTheInstall_IsWaitedOut_AndTheAppIsInstalledOnce()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.TeamsUsers.Add("aad-ann");
        _graph.ThrottleNext("POST", "/v1.0/users/aad-ann/teamwork/installedApps");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var chat = await Installer().OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Equal(FakeGraph.ChatIdOf("aad-ann", CatalogId), chat.ChatId);
        Assert.False(chat.AlreadyInstalled);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed.TotalSeconds:0.00} s: Retry-After was not honoured");
        Assert.Equal(2, _graph.Requests.Count(r => r.Method == "POST"));
        Assert.Equal([CatalogId], _graph.InstalledFor("aad-ann"));
    }

    [Fact]
    public async Task AConfiguredCatalogId_IsInstalledWithoutReadingTheCatalog()
    {
        _graph.CatalogApps.Add((CatalogId, ManifestId, "organization"));
        _graph.TeamsUsers.Add("aad-ann");

        var chat = await Installer(new GraphOptions { TeamsAppId = CatalogId }).OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Equal(FakeGraph.ChatIdOf("aad-ann", CatalogId), chat.ChatId);
        Assert.DoesNotContain(_graph.Requests, r => r.Path.StartsWith("/v1.0/appCatalogs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithNoManifestIdConfigured_TheBotsAppIdIsLookedUp_AsBuildShUsesItForTheManifestId()
    {
        const string botAppId = "11111111-2222-3333-4444-555555555555";
        _graph.CatalogApps.Add((CatalogId, botAppId, "organization"));
        _graph.TeamsUsers.Add("aad-ann");

        var chat = await Installer(new GraphOptions(), botAppId).OpenPersonalChatAsync("aad-ann", CancellationToken.None);

        Assert.Equal(FakeGraph.ChatIdOf("aad-ann", CatalogId), chat.ChatId);
    }

    [Fact]
    public void WithoutGraphCredentials_InstallsAreNotTriedAndTheReasonSaysWhatToSet()
    {
        var access = GraphAccess.Create(new GraphOptions(), new TargetOptions());
        var catalog = new TeamsAppCatalog(access, Options.Create(new GraphOptions()), Options.Create(new BotOptions()), NullLogger<TeamsAppCatalog>.Instance);

        var installer = new TeamsAppInstaller(access, catalog, NullLogger<TeamsAppInstaller>.Instance);

        Assert.Contains("Graph:TenantId, Graph:ClientId, Graph:ClientSecret", installer.NotConfigured, StringComparison.Ordinal);
    }
}
