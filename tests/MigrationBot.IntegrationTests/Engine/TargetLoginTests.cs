using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class TargetLoginTests
{
    [Fact]
    public async Task Migrate_MasterLoginToATargetWithoutAuthPlain_FailsNamingTheMechanismAndAppendsNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token, configureTarget: o => o with { AuthMechanisms = "login" });
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<one@login.test>", "one", DateTimeOffset.UtcNow), cts.Token);

        var report = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.AuthenticationFailed, report.Outcome);
        Assert.Contains("AUTH=PLAIN", report.Error, StringComparison.Ordinal);
        Assert.Equal(0, report.Copied);
    }

    [Fact]
    public async Task Migrate_PerUserPasswordLoginToAnImapTarget_CopiesIntoThatUsersMailbox()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [SeedMessage.Text("<one@login.test>", "one", DateTimeOffset.UtcNow), SeedMessage.Text("<two@login.test>", "two", DateTimeOffset.UtcNow)], cts.Token);
        var job = pair.Job("alice") with { TargetLogin = new PasswordLogin(MigrationPair.EmailOf("alice"), new Secret(MigrationPair.Password)) };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System)
            .RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        Assert.Equal(2, (await target.FetchAsync("INBOX", cts.Token)).Count);
    }

    [Fact]
    public async Task Migrate_BothLoginsRefused_FailsNamingTheSourceLoginAsWhenOpenedOneAfterTheOther()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var job = pair.Job("alice") with
        {
            SourceLogin = new PasswordLogin("alice", new Secret("wrong-source")),
            TargetLogin = new PasswordLogin(MigrationPair.EmailOf("alice"), new Secret("wrong-target")),
        };

        var report = Assert.Single((await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.AuthenticationFailed, report.Outcome);
        Assert.StartsWith("source:", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_OnlyTheTargetLoginRefused_FailsNamingTheTargetLogin()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var job = pair.Job("alice") with { TargetLogin = new PasswordLogin(MigrationPair.EmailOf("alice"), new Secret("wrong-target")) };

        var report = Assert.Single((await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.AuthenticationFailed, report.Outcome);
        Assert.StartsWith("target:", report.Error, StringComparison.Ordinal);
    }
}
