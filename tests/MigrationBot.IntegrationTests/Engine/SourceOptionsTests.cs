using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>How the source is reached and what of it is copied: STARTTLS, UserRoot, the date filter, the error limit.</summary>
public sealed class SourceOptionsTests
{
    [Fact]
    public async Task Migrate_SourceOverStartTls_CopiesTheMailbox()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<tls@source.test>", "over STARTTLS", DateTimeOffset.UtcNow), cts.Token);
        var job = pair.Job("alice") with { Source = new ImapEndpoint(pair.Source.Host, pair.Source.ImapPort, ImapSecurity.Tls, AllowInvalidCertificate: true) };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.Equal(1, report.Mailboxes.Single().Copied);
    }

    [Fact]
    public async Task Migrate_SourceLoginWithXoauth2_CopiesTheMailbox()
    {
        // Gmail and Microsoft 365 sources accept only OAuth: the source side uses the same XOAUTH2 login as the target.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("oauth@source.test", "via XOAUTH2", DateTimeOffset.UtcNow), cts.Token);
        var tokens = new StaticTokenSource(pair.Source.IssueOAuthToken);
        var job = pair.Job("alice") with { SourceLogin = new OAuth2Login("alice", tokens) };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.Equal(1, report.Mailboxes.Single().Copied);
        Assert.True(pair.Source.OAuthIntrospectionCount > 0);
    }

    [Fact]
    public async Task Migrate_UserRootGiven_CopiesOnlyTheFoldersBelowItWithTheRootAsInbox()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            // A Courier-style shared store: carol's mail lives under Users.carol in alice's tree.
            await mailbox.CreateFolderAsync("Users.carol.Projects", cts.Token);
            await mailbox.AppendAsync("Users.carol", SeedMessage.Text("root@userroot.test", "carol's inbox", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.AppendAsync("Users.carol.Projects", SeedMessage.Text("p@userroot.test", "carol's project", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<alice@userroot.test>", "alice's own", DateTimeOffset.UtcNow), cts.Token);
        }

        var job = pair.Job("alice") with { UserRoot = "Users.carol" };
        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        var inbox = await target.FetchAsync("INBOX", cts.Token);
        Assert.Equal("root@userroot.test", Assert.Single(inbox).MessageId);
        Assert.Equal("p@userroot.test", Assert.Single(await target.FetchAsync("Projects", cts.Token)).MessageId);
    }

    [Fact]
    public async Task Migrate_ReceivedAfterFilter_SkipsOlderMessagesWithTheReason()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var cutoff = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<old@date.test>", "old", cutoff.AddDays(-3)) with { InternalDate = cutoff.AddDays(-3) }, cts.Token);
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<new@date.test>", "new", cutoff.AddDays(3)) with { InternalDate = cutoff.AddDays(3) }, cts.Token);
        }

        var options = new MigrationOptions { ReceivedAfter = cutoff };
        var report = await pair.MigrateAsync(options, cts.Token);

        var mailboxReport = Assert.Single(report.Mailboxes);
        Assert.Equal(1, mailboxReport.Copied);
        Assert.Contains("date filter", Assert.Single(mailboxReport.Folders.SelectMany(f => f.Skips)).Reason, StringComparison.Ordinal);
        AssertMigration.Identical(await pair.VerifyAsync(options, cts.Token));
    }

    [Fact]
    public async Task Migrate_MoreFailuresThanTheErrorLimit_FailsThatMailboxOnly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token, configureTarget: o => o with { MaxMailSize = 50_000 });
        var big = new string('y', 76) + "\r\n";
        var body = string.Concat(Enumerable.Repeat(big, 2_000));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", Enumerable.Range(0, 4).Select(i => SeedMessage.Text($"<big-{i}@limit.test>", $"big {i}", DateTimeOffset.UtcNow, body)), cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("bob", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<small@limit.test>", "small", DateTimeOffset.UtcNow), cts.Token);

        var report = await pair.MigrateAsync(new MigrationOptions { MaxErrorsPerMailbox = 2 }, cts.Token);

        var alice = report.Mailboxes.Single(m => m.EmailAddress.StartsWith("alice", StringComparison.Ordinal));
        Assert.Equal(MailboxOutcome.Failed, alice.Outcome);
        Assert.Contains("more than 2 messages failed", alice.Error, StringComparison.Ordinal);
        Assert.Equal(MailboxOutcome.Succeeded, report.Mailboxes.Single(m => m.EmailAddress.StartsWith("bob", StringComparison.Ordinal)).Outcome);
    }
}
