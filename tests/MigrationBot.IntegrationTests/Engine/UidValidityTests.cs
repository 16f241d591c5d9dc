using MailKit;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class UidValidityTests
{
    [Fact]
    public async Task Migrate_SourceUidValidityChangedAfterACompleteCopy_CopiesNothingAgain()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = new CorpusOptions { Seed = 3, Users = 1, MessagesPerUser = 150, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        var (before, after) = await pair.Source.ResetUidValidityAsync(user, "INBOX", cts.Token);
        Assert.NotEqual(before, after);
        var rerun = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(rerun);
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Copied));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_UidValidityChangedAndAMessageReplacedUnderTheSameMessageId_CopiesTheNewMessageInsteadOfTakingItForTheOld()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var date = new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.AppendAsync("INBOX", [
                SeedMessage.Text("draft@reuse.test", "draft", date, "first version\r\n"),
                SeedMessage.Text("resend@reuse.test", "resend", date, "same size 1\r\n"),
                SeedMessage.Text("kept@reuse.test", "kept", date)], cts.Token);
        }

        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        // A draft saved again (same Message-ID, new body and size) and a resend (same Message-ID and size, a later
        // date) replace the originals; then the server rebuilds the folder.
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var originals = (await mailbox.FetchAsync("INBOX", cts.Token)).Where(m => m.MessageId != "kept@reuse.test").Select(m => m.Uid).ToList();
            await mailbox.DeleteAsync("INBOX", originals, cts.Token);
            await mailbox.AppendAsync("INBOX", [
                SeedMessage.Text("draft@reuse.test", "draft", date, "second, longer version of the draft\r\n"),
                SeedMessage.Text("resend@reuse.test", "resend", date.AddHours(1), "same size 2\r\n") with { InternalDate = date.AddHours(1) }], cts.Token);
        }

        var (before, after) = await pair.Source.ResetUidValidityAsync("alice", "INBOX", cts.Token);
        Assert.NotEqual(before, after);

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(2, rerun.Copied);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        var bodies = new List<string>();
        foreach (var message in await target.FetchAsync("INBOX", cts.Token))
            bodies.Add(System.Text.Encoding.UTF8.GetString(await target.FetchRawAsync("INBOX", message.Uid, cts.Token)));
        Assert.Contains(bodies, b => b.Contains("second, longer version", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.Contains("same size 2", StringComparison.Ordinal));
    }
}
