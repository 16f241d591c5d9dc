using System.Globalization;
using System.Net;
using System.Text;
using MailKit;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Connector;
using MigrationBot.Conversations;
using MigrationBot.Engine.Imap;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Servers;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;

namespace MigrationBot.IntegrationTests.Notices;

/// <summary>
/// A user who blocked the bot in Teams (the Connector answers 403 <c>MessageWritesBlocked</c>) gets their notice by
/// email instead: through a real SMTP server (a private Postfix) into their real mailbox (Dovecot over LMTP), and
/// the delivery record says it went by email and why not by Teams.
/// </summary>
public sealed class BlockedUserEmailTests
{
    private const string Address = "ann@contoso.test";

    [Fact]
    public async Task ANoticeToAUserWhoBlockedTheBot_ArrivesByEmailInTheirMailbox_AndTheRecordSaysWhyNotTeams()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser(Address, "pw-1")], EnableLmtp = true }, cts.Token);
        await using var postfix = await PostfixServer.StartAsync("contoso.test", dovecot.LmtpPort, cts.Token);
        var connector = new BlockingConnector();
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Notices:Smtp:Host"] = postfix.Host,
            ["Notices:Smtp:Port"] = postfix.Port.ToString(CultureInfo.InvariantCulture),
            ["Notices:Smtp:Security"] = "None",
            ["Notices:Smtp:From"] = "MigrationBot <it@contoso.test>",
        }, builder => builder.Services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector), cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave2", "aad-admin",
            new BatchSettings { Source = new ImapEndpoint("imap.contoso.test", 993, ImapSecurity.Ssl), CutoverAt = DateTimeOffset.UtcNow.AddDays(3), TimeZone = "Europe/Berlin" },
            null, [new DraftUser(Address, "ann", null, null)], null), cts.Token);
        await store.SetProfileAsync(batch.Id, Address, new UserProfile("aad-ann", "Ann Vance", "Europe/Berlin", "en-GB"), cts.Token);
        await bot.Services.GetRequiredService<ConversationStore>().UpsertAsync(new ConversationReference(
            "a:personal-ann", "https://smba.trafficmanager.net/emea/", "msteams", "tenant-1", "personal", "28:bot", "MigrationBot", "29:ann", "aad-ann", "Ann Vance", null, null,
            DateTimeOffset.UtcNow), cts.Token);
        var user = Assert.Single(await store.UsersAsync(batch.Id, cts.Token));

        await bot.Services.GetRequiredService<NoticeService>().SendAsync(batch, user, NoticeKind.Reminder, 0, cts.Token);

        Assert.Contains(connector.Paths, p => p.Contains("a%3Apersonal-ann/activities", StringComparison.Ordinal));
        var delivery = Assert.Single(await bot.Services.GetRequiredService<NoticeDeliveryStore>().ListAsync(batch.Id, cts.Token));
        Assert.Equal((NoticeKind.Reminder, true, NoticeChannel.Email), (delivery.Kind, delivery.Sent, delivery.Channel));
        Assert.Contains("MessageWritesBlocked", delivery.Reason, StringComparison.Ordinal);

        var message = await FirstMessageAsync(dovecot, postfix, cts.Token);
        Assert.Equal("Your mailbox moves soon", message.Subject);
        Assert.Contains("Reminder, Ann Vance: your mailbox moves to Microsoft 365 on", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(Address, message.To.Mailboxes.Single().Address);
    }

    private static async Task<MimeKit.MimeMessage> FirstMessageAsync(DovecotServer dovecot, PostfixServer postfix, CancellationToken cancellationToken)
    {
        using var client = await dovecot.LoginAsync(Address, cancellationToken);
        var inbox = client.Inbox;
        while (true)
        {
            await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            if (inbox.Count > 0)
                return await inbox.GetMessageAsync(0, cancellationToken);
            await inbox.CloseAsync(false, cancellationToken);
            Assert.False(cancellationToken.IsCancellationRequested, postfix.ReadLog());
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The Bot Connector for a user who blocked the bot: every send answers 403 with the MessageWritesBlocked sub-code.</summary>
    private sealed class BlockingConnector : HttpMessageHandler
    {
        private readonly List<string> _paths = [];

        public IReadOnlyList<string> Paths
        {
            get
            {
                lock (_paths)
                    return [.. _paths];
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_paths)
                _paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent(
                    """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."},"subCode":"MessageWritesBlocked"}""",
                    Encoding.UTF8, "application/json"),
            });
        }
    }
}
