using System.Collections.Concurrent;
using MigrationBot.Bench.Corpus;
using MigrationBot.Engine.Sync;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class FolderProgressTests
{
    [Fact]
    public async Task Progress_OfAFolderWalkedInWindows_CountsTheWholeFolder_NotTheWindow()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var corpus = new CorpusOptions { Seed = 3, Users = 1, MessagesPerUser = 35, InboxOnly = true };
        await using var pair = await MigrationPair.StartAsync([corpus.UserName(1)], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        var reports = new ConcurrentQueue<MigrationProgress>();

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions { WindowMessages = 10 }, TimeProvider.System)
            .RunAsync(pair.Jobs(), new SynchronousProgress(reports.Enqueue), cts.Token);

        AssertMigration.Succeeded(report);
        var inbox = reports.Where(r => r.Folder == "INBOX" && r.Status is null).ToList();
        Assert.All(inbox, r => Assert.InRange(r.Copied, 0, r.ToCopy));
        Assert.True(inbox[0].ToCopy >= 30, $"the first report estimates {inbox[0].ToCopy} of a 35-message folder");
        Assert.Equal((35, 35), (inbox.Max(r => r.Copied), inbox[^1].ToCopy));
    }

    private sealed class SynchronousProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }
}
