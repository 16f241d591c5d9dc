using MailKit;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class FullCopyTests
{
    private static CorpusOptions Corpus(int users, int messages, int large = 0) => new()
    {
        Seed = 7,
        Users = users,
        MessagesPerUser = messages,
        LargeMessagesPerUser = large,
        MaxSize = 20L * 1024 * 1024,
        Cases = CorpusCases.All,
    };

    [Fact]
    public async Task Migrate_GeneratedCorpus_VerifierFindsEveryFolderIdentical()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = Corpus(users: 3, messages: 120, large: 1);
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, 3).Select(corpus.UserName).ToList(), cancellationToken: cts.Token);
        var messages = CorpusGenerator.Generate(corpus).ToList();
        await pair.SeedAsync(messages, cts.Token);

        var report = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(report);
        Assert.Equal(messages.Count, report.Mailboxes.Sum(m => m.Copied));
        Assert.Contains(messages, m => m.Size >= 19L * 1024 * 1024);
        foreach (var tricky in new[] { CorpusCases.SlashInFolderName, CorpusCases.NonAsciiFolderNames, CorpusCases.MissingMessageId, CorpusCases.DuplicateMessageId, CorpusCases.EightBitHeaders, CorpusCases.Keywords })
            Assert.Contains(messages, m => m.Cases.HasFlag(tricky));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_Rerun_CopiesNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = Corpus(users: 2, messages: 80);
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, 2).Select(corpus.UserName).ToList(), cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        var rerun = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(rerun);
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Copied));
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Folders.Sum(f => f.FlagsUpdated)));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_IncrementalPass_CopiesExactlyTheNewMessagesAndUpdatesFlags()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = Corpus(users: 1, messages: 60);
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        await using (var mailbox = await pair.Source.OpenMailboxAsync(user, cts.Token))
        {
            var inbox = await mailbox.FetchAsync("INBOX", cts.Token);
            var flip = inbox.Take(5).Select(m => m.Uid).ToList();
            await mailbox.SetFlagsAsync("INBOX", flip, MessageFlags.Flagged | MessageFlags.Answered, ["$Forwarded", "Project-X"], cts.Token);
            await mailbox.AppendAsync("INBOX", Enumerable.Range(0, 7).Select(i =>
                SeedMessage.Text($"<new-{i}@incremental.test>", $"New {i}", DateTimeOffset.UtcNow.AddMinutes(-i))), cts.Token);
        }

        var incremental = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(incremental);
        Assert.Equal(7, incremental.Mailboxes.Sum(m => m.Copied));
        Assert.Equal(5, incremental.Mailboxes.Sum(m => m.Folders.Sum(f => f.FlagsUpdated)));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
