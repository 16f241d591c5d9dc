using System.Net;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Conversations;
using MigrationBot.Engine.Imap;
using MigrationBot.Graph;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Graph;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Notices;

/// <summary>
/// Notices to a user with no chat with the bot yet, through the real host, FakeGraph and a fake Connector: the app
/// installed through Graph and its chat used; when Graph refuses, the Connector's chat; when that fails too, email by Graph.
/// </summary>
public sealed class NoticeSenderGraphTests : IAsyncLifetime
{
    private const string CatalogId = "b1c5353a-7aca-41b3-830f-27d5218fe0e5";
    private const string AnnObjectId = "aad-ann";
    private const string Sender = "it-notices@contoso.com";

    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        // No Graph:TeamsAppManifestId: the bot's MicrosoftAppId is the manifest id, as appPackage/build.sh makes it.
        _graph.CatalogApps.Add((CatalogId, TestIssuer.AppId, "organization"));
        _graph.TeamsUsers.Add(AnnObjectId);
        _graph.Users[Sender] = (true, "Enabled", true);
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    /// <summary>The host with Graph at FakeGraph; an admin's chat "a:admin-chat" is the batch's conversation; Ann never chatted with the bot.</summary>
    private async Task<(RunningBot Bot, Batch Batch, BatchUser Ann)> StartAsync(FakeHttpHandler? connector = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Graph:BaseUrl"] = _graph.BaseUrl.AbsoluteUri };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var bot = await RunningBot.StartAsync("Production", _issuer, all, builder =>
        {
            builder.Services.AddKeyedSingleton<TokenCredential>(GraphExtensions.CredentialKey, new FixedTokenCredential("graph-token"));
            if (connector is not null)
                builder.Services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector);
        });
        var connectorSeen = connector ?? bot.Connector;
        await bot.PostActivityWithTokenAsync(TestActivities.Message("hello", conversationId: "a:admin-chat"), _issuer.CreateToken());
        await connectorSeen.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave4", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            "a:admin-chat", [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        await store.SetProfileAsync(batch.Id, "ann@contoso.com", new UserProfile(AnnObjectId, "Ann Vance", "Europe/Berlin", "de-DE"), CancellationToken.None);
        return (bot, batch, (await store.UsersAsync(batch.Id, CancellationToken.None)).Single());
    }

    private static async Task<NoticeDelivery> DeliveryAsync(RunningBot bot, Batch batch, NoticeKind kind) =>
        (await bot.App.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, CancellationToken.None)).Single(d => d.Kind == kind);

    private static bool IsSendTo(RecordedRequest request, string conversationId) =>
        request.Method == HttpMethod.Post && Uri.UnescapeDataString(request.Uri.AbsolutePath).EndsWith($"/v3/conversations/{conversationId}/activities", StringComparison.Ordinal);

    private static bool IsCreateConversation(RecordedRequest request) =>
        request.Method == HttpMethod.Post && request.Uri.AbsolutePath.EndsWith("/v3/conversations", StringComparison.Ordinal);

    [Fact]
    public async Task AUserWithNoChat_GetsTheAppInstalledThroughGraph_TheNoticeInTheReturnedChat_AndTheRecordSaysTeamsByGraph()
    {
        var (bot, batch, ann) = await StartAsync();
        await using var _ = bot;
        var sender = bot.App.Services.GetRequiredService<NoticeSender>();
        var chatId = FakeGraph.ChatIdOf(AnnObjectId, CatalogId);

        var channel = await sender.SendAsync(batch, ann, NoticeKind.Announcement, "Announcement, Ann Vance: your mailbox moves.", CancellationToken.None);
        var second = await sender.SendAsync(batch, ann, NoticeKind.Reminder, "Reminder, Ann Vance: your mailbox moves on Saturday.", CancellationToken.None);

        Assert.Equal((NoticeChannel.Teams, NoticeChannel.Teams), (channel, second));
        var sent = Assert.Single(bot.Connector.Requests, r => IsSendTo(r, chatId) && r.Body!.Contains("Announcement, Ann Vance", StringComparison.Ordinal));
        Assert.StartsWith(TestIssuer.ServiceUrl, sent.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Connector.Requests, IsCreateConversation);
        var delivery = await DeliveryAsync(bot, batch, NoticeKind.Announcement);
        Assert.Equal((true, NoticeChannel.Teams), (delivery.Sent, delivery.Channel));
        Assert.Equal("the app was installed for the user through Graph", delivery.Reason);
        // The chat's reference is stored: the reminder went there without asking Graph again.
        Assert.Single(_graph.Requests, r => r.Method == "POST");
        Assert.Single(bot.Connector.Requests, r => IsSendTo(r, chatId) && r.Body!.Contains("Reminder, Ann Vance", StringComparison.Ordinal));
        var stored = await bot.App.Services.GetRequiredService<ConversationStore>().FindPersonalAsync(AnnObjectId, CancellationToken.None);
        Assert.Equal((chatId, "personal", TestActivities.TenantId, TestActivities.BotId), (stored!.ConversationId, stored.ConversationType, stored.TenantId, stored.BotId));
    }

    [Fact]
    public async Task AUserWhoHasTheAppAlready_409_GetsTheNoticeInTheChatOfTheInstallationFoundByFilter()
    {
        _graph.Install(AnnObjectId, CatalogId);
        var (bot, batch, ann) = await StartAsync();
        await using var _ = bot;

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, ann, NoticeKind.Reminder, "Reminder, Ann Vance", CancellationToken.None);

        Assert.Equal(NoticeChannel.Teams, channel);
        Assert.Single(bot.Connector.Requests, r => IsSendTo(r, FakeGraph.ChatIdOf(AnnObjectId, CatalogId)));
        Assert.Contains(_graph.Requests, r => r.Method == "GET" && r.Path.Contains($"teamsApp/id eq '{CatalogId}'", StringComparison.Ordinal));
        var delivery = await DeliveryAsync(bot, batch, NoticeKind.Reminder);
        Assert.Equal(NoticeChannel.Teams, delivery.Channel);
        Assert.Equal("the app was already installed for the user; its 1:1 chat was found through Graph", delivery.Reason);
    }

    [Fact]
    public async Task AnInstallGraphRefuses_403_FallsBackToTheConnectorsChat_AndTheRecordNamesTheMissingPermission()
    {
        _graph.RefuseInstalls = true;
        var (bot, batch, ann) = await StartAsync();
        await using var _ = bot;

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, ann, NoticeKind.Reminder, "Reminder, Ann Vance", CancellationToken.None);

        Assert.Equal(NoticeChannel.Teams, channel);
        var create = Assert.Single(bot.Connector.Requests, IsCreateConversation);
        Assert.Contains(AnnObjectId, create.Body, StringComparison.Ordinal);
        // The fake Connector names every conversation "1".
        Assert.Single(bot.Connector.Requests, r => IsSendTo(r, "1") && r.Body!.Contains("Reminder, Ann Vance", StringComparison.Ordinal));
        var delivery = await DeliveryAsync(bot, batch, NoticeKind.Reminder);
        Assert.Equal((true, NoticeChannel.Teams), (delivery.Sent, delivery.Channel));
        Assert.Contains("Graph could not install the app (Graph refused to install the app (403 Forbidden", delivery.Reason, StringComparison.Ordinal);
        Assert.Contains("TeamsAppInstallation.ReadWriteForUser.All", delivery.Reason, StringComparison.Ordinal);
        Assert.EndsWith("the chat was opened through the Bot Connector", delivery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstallRefused_AndAConnectorThatCannotOpenTheChat_FallBackToEmailByGraph_WithBothReasonsRecorded()
    {
        _graph.RefuseInstalls = true;
        var connector = new FakeHttpHandler(r => IsCreateConversation(r)
            ? FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"error":{"code":"BadArgument","message":"Failed to create conversation."}}""")
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"1"}"""));
        var (bot, batch, ann) = await StartAsync(connector, new Dictionary<string, string?> { ["Notices:Email:Sender"] = Sender });
        await using var _ = bot;

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, ann, NoticeKind.Reminder, "Reminder, Ann Vance", CancellationToken.None);

        Assert.Equal(NoticeChannel.Email, channel);
        var mail = Assert.Single(_graph.SentMail);
        Assert.Equal(Sender, mail.Sender);
        Assert.Equal(["ann@contoso.com"], mail.To);
        Assert.Contains("Reminder, Ann Vance", mail.Content, StringComparison.Ordinal);
        var delivery = await DeliveryAsync(bot, batch, NoticeKind.Reminder);
        Assert.Equal((true, NoticeChannel.Email), (delivery.Sent, delivery.Channel));
        Assert.StartsWith("Teams: Graph could not install the app (", delivery.Reason, StringComparison.Ordinal);
        Assert.Contains("TeamsAppInstallation.ReadWriteForUser.All", delivery.Reason, StringComparison.Ordinal);
        Assert.Contains("the Bot Connector could not open the chat either", delivery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailViaGraphWithoutASender_StopsTheHostAtStart_SayingWhatToSet()
    {
        var failure = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => StartAsync(settings: new Dictionary<string, string?> { ["Notices:Email:Via"] = "Graph" }));

        Assert.Contains("Notices:Email:Via is Graph, but no sender mailbox is set (Notices:Email:Sender)", failure.Message, StringComparison.Ordinal);
    }
}
