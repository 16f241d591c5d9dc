using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Notices;

/// <summary>Notices through the real host and a fake Connector: the user's 1:1 chat, once; a blocked user falls back to email.</summary>
public sealed class NoticeSenderTests
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    private static async Task<(Batch Batch, BatchUser User)> BatchWithAUserAsync(RunningBot bot)
    {
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            "a:personal-1", [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        await store.SetProfileAsync(batch.Id, "ann@contoso.com", new UserProfile("aad-user-1", "Ann Vance", "Europe/Berlin", "de-DE"), CancellationToken.None);
        return (batch, (await store.UsersAsync(batch.Id, CancellationToken.None)).Single());
    }

    [Fact]
    public async Task ANotice_GoesToTheUsersOneToOneChatOnce_AndIsRecorded()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        await bot.PostActivityWithTokenAsync(TestActivities.Message("hello", conversationId: "a:personal-1"), _issuer.CreateToken());
        await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var (batch, user) = await BatchWithAUserAsync(bot);
        var sender = bot.App.Services.GetRequiredService<NoticeSender>();

        var first = await sender.SendAsync(batch, user, NoticeKind.Reminder, "Reminder, Ann Vance: your mailbox moves on Saturday.", CancellationToken.None);
        var again = await sender.SendAsync(batch, user, NoticeKind.Reminder, "Reminder, Ann Vance: your mailbox moves on Saturday.", CancellationToken.None);

        Assert.Equal((NoticeChannel.Teams, NoticeChannel.None), (first, again));
        Assert.Single(bot.Connector.Requests, r => r.Body?.Contains("Reminder, Ann Vance", StringComparison.Ordinal) == true && r.Uri.AbsoluteUri.Contains("personal-1", StringComparison.Ordinal));
        var delivery = Assert.Single(await bot.App.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, CancellationToken.None));
        Assert.Equal((NoticeKind.Reminder, true, NoticeChannel.Teams), (delivery.Kind, delivery.Sent, delivery.Channel));

        var asked = System.Text.Json.JsonSerializer.Deserialize(TestActivities.Message("status wave2 notices").ToJsonString(), MigrationBot.BotFramework.Wire.WireJson.Default.InboundActivity)!;
        var status = await bot.App.Services.GetRequiredService<MigrationBot.Chat.CommandDispatcher>()
            .AnswerAsync(MigrationBot.Chat.CommandParser.Parse("status wave2 notices"), asked, CancellationToken.None);
        Assert.Contains("1 sent (1 in Teams, 0 by email), 0 not delivered", status.Text, StringComparison.Ordinal);
        Assert.Contains("ann@contoso.com: Reminder, sent by Teams", status.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWhoBlockedTheBot_FallsBackToEmail_AndTheRecordSaysWhyNeitherWorked()
    {
        var connector = new FakeHttpHandler(r => r.Method == HttpMethod.Post && r.Body?.Contains("Your mailbox moves soon", StringComparison.Ordinal) == true
            ? FakeHttpHandler.Json(HttpStatusCode.Forbidden, """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot.","subCode":"MessageWritesBlocked"}}""")
            : FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"1"}"""));
        await using var bot = await RunningBot.StartAsync("Production", _issuer, configure: builder =>
            builder.Services.AddHttpClient<MigrationBot.BotFramework.Connector.ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector));
        await bot.PostActivityWithTokenAsync(TestActivities.Message("hello", conversationId: "a:personal-1"), _issuer.CreateToken());
        await connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var (batch, user) = await BatchWithAUserAsync(bot);

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, user, NoticeKind.Reminder, "Reminder text", CancellationToken.None);

        Assert.Equal(NoticeChannel.None, channel);
        var delivery = Assert.Single(await bot.App.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, CancellationToken.None));
        Assert.False(delivery.Sent);
        Assert.Contains("MessageWritesBlocked", delivery.Reason, StringComparison.Ordinal);
        Assert.Contains("no email is configured: set Notices:Smtp:Host", delivery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWithNoChat_WithoutGraph_GetsTheChatOpenedThroughTheConnector_AndTheRecordSaysTeams()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        await bot.PostActivityWithTokenAsync(TestActivities.Message("hello", conversationId: "a:admin-chat"), _issuer.CreateToken());
        await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave5", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            "a:admin-chat", [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        await store.SetProfileAsync(batch.Id, "ann@contoso.com", new UserProfile("aad-ann", "Ann Vance", null, null), CancellationToken.None);
        var ann = (await store.UsersAsync(batch.Id, CancellationToken.None)).Single();

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, ann, NoticeKind.Reminder, "Reminder, Ann Vance", CancellationToken.None);

        Assert.Equal(NoticeChannel.Teams, channel);
        var create = Assert.Single(bot.Connector.Requests, r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Contains("aad-ann", create.Body, StringComparison.Ordinal);
        var delivery = Assert.Single(await bot.App.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, CancellationToken.None));
        Assert.Equal((true, NoticeChannel.Teams, (string?)null), (delivery.Sent, delivery.Channel, delivery.Reason));
    }

    [Fact]
    public async Task AUserTheBotCannotFindInTeams_IsNotAttemptedThere()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave3", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            null, [new DraftUser("bob@contoso.com", "bob", null, null)], null), CancellationToken.None);
        var bob = (await store.UsersAsync(batch.Id, CancellationToken.None)).Single();

        var channel = await bot.App.Services.GetRequiredService<NoticeSender>().SendAsync(batch, bob, NoticeKind.Announcement, "text", CancellationToken.None);

        Assert.Equal(NoticeChannel.None, channel);
        Assert.Empty(bot.Connector.Requests);
        var delivery = Assert.Single(await bot.App.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, CancellationToken.None));
        Assert.Contains("Entra object id is not known", delivery.Reason, StringComparison.Ordinal);
    }
}
