using MailKit;
using Microsoft.Extensions.Options;
using MigrationBot.Engine.Imap;
using MigrationBot.IntegrationTests.Servers;
using MigrationBot.Notices.Email;

namespace MigrationBot.IntegrationTests.Notices;

/// <summary>Email notices through a real SMTP server (a private Postfix) into a real mailbox (Dovecot over LMTP), read back over IMAP.</summary>
public sealed class EmailNoticeTests
{
    [Fact]
    public async Task AnEmailNotice_IsDeliveredThroughSmtp_AndReadableInTheUsersMailbox()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser("ann@contoso.test", "pw-1")], EnableLmtp = true }, cts.Token);
        await using var postfix = await PostfixServer.StartAsync("contoso.test", dovecot.LmtpPort, cts.Token);
        var email = new SmtpNoticeEmail(Options.Create(new SmtpOptions { Host = postfix.Host, Port = postfix.Port, Security = ImapSecurity.None, From = "MigrationBot <it@contoso.test>" }));

        var failure = await email.SendAsync("ann@contoso.test", "Your mailbox moves soon", "Reminder, Ann: your mailbox moves on Saturday.", cts.Token);

        Assert.True(failure is null, failure);
        using var client = await dovecot.LoginAsync("ann@contoso.test", cts.Token);
        var inbox = client.Inbox;
        while (true)
        {
            await inbox.OpenAsync(FolderAccess.ReadOnly, cts.Token);
            if (inbox.Count > 0)
                break;
            await inbox.CloseAsync(false, cts.Token);
            Assert.False(cts.IsCancellationRequested, postfix.ReadLog());
            await Task.Delay(100, cts.Token);
        }

        var message = await inbox.GetMessageAsync(0, cts.Token);
        Assert.Equal("Your mailbox moves soon", message.Subject);
        Assert.Contains("your mailbox moves on Saturday", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("it@contoso.test", message.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task AnAddressTheServerRefuses_IsAReasonNotAnException()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var dovecot = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser("ann@contoso.test", "pw-1")], EnableLmtp = true }, cts.Token);
        await using var postfix = await PostfixServer.StartAsync("contoso.test", dovecot.LmtpPort, cts.Token);
        var email = new SmtpNoticeEmail(Options.Create(new SmtpOptions { Host = postfix.Host, Port = postfix.Port, Security = ImapSecurity.None, From = "it@contoso.test" }));

        var failure = await email.SendAsync("someone@elsewhere.test", "Subject", "Text", cts.Token);

        Assert.NotNull(failure);
        Assert.Contains("someone@elsewhere.test", failure, StringComparison.Ordinal);
    }
}
