using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class LimitsTests
{
    private static SeedMessage Sized(string id, int bytes)
    {
        var body = new string('x', 76) + "\r\n";
        var text = string.Concat(Enumerable.Repeat(body, Math.Max(1, bytes / body.Length)));
        return SeedMessage.Text($"<{id}@limits.test>", id, DateTimeOffset.UtcNow.AddHours(-1), text);
    }

    [Fact]
    public async Task Migrate_MessageOverTheSizeLimit_IsSkippedWithItsReasonAndTheRestIsCopied()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [Sized("small-1", 2_000), Sized("big", 3_000_000), Sized("small-2", 5_000)], cts.Token);
        var options = new MigrationOptions { MaxMessageSize = 1024 * 1024 };

        var report = await pair.MigrateAsync(options, cts.Token);

        var mailboxReport = Assert.Single(report.Mailboxes);
        Assert.Equal(MailboxOutcome.Succeeded, mailboxReport.Outcome);
        Assert.Equal(2, mailboxReport.Copied);
        var skip = Assert.Single(mailboxReport.Folders.SelectMany(f => f.Skips));
        Assert.Contains("larger than the 1 MB limit", skip.Reason, StringComparison.Ordinal);
        AssertMigration.Identical(await pair.VerifyAsync(options, cts.Token));

        // A rerun with nothing new reports what the target holds, not the skipped message as present, and lists
        // the skipped message again, so every pass's report is complete.
        var rerun = Assert.Single((await pair.MigrateAsync(options, cts.Token)).Mailboxes);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(2, rerun.Folders.Sum(f => f.AlreadyPresent));
        Assert.Equal(skip, Assert.Single(rerun.Folders.SelectMany(f => f.Skips)));

        // A pass that copies something new from that folder lists it once, not once per pass.
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [Sized("small-3", 3_000)], cts.Token);
        var incremental = Assert.Single((await pair.MigrateAsync(options, cts.Token)).Mailboxes);
        Assert.Equal(1, incremental.Copied);
        Assert.Equal(skip, Assert.Single(incremental.Folders.SelectMany(f => f.Skips)));
    }

    [Fact]
    public async Task Migrate_TargetRefusesAMessage_RecordsItAndTheMailboxGoesOn()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token, configureTarget: o => o with { MaxMailSize = 100_000 });
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [Sized("a-1", 2_000), Sized("a-refused", 400_000), Sized("a-2", 3_000), Sized("a-3", 4_000)], cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("bob", cts.Token))
            await mailbox.AppendAsync("INBOX", [Sized("b-1", 2_000)], cts.Token);

        var report = await pair.MigrateAsync(cancellationToken: cts.Token);

        var alice = report.Mailboxes.Single(m => m.EmailAddress.StartsWith("alice", StringComparison.Ordinal));
        Assert.Equal(MailboxOutcome.CompletedWithErrors, alice.Outcome);
        Assert.Equal(3, alice.Copied);
        Assert.Equal(1, alice.Failed);
        var failure = Assert.Single(alice.Folders.SelectMany(f => f.Skips));
        Assert.Contains("refused by the target", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(MailboxOutcome.Succeeded, report.Mailboxes.Single(m => m.EmailAddress.StartsWith("bob", StringComparison.Ordinal)).Outcome);

        // A rerun tries the refused message again and copies nothing twice.
        var rerun = await pair.MigrateAsync(cancellationToken: cts.Token);
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Copied));
        Assert.Equal(1, rerun.Mailboxes.Sum(m => m.Failed));
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        Assert.Equal(3, (await target.FetchAsync("INBOX", cts.Token)).Count);
    }
}
