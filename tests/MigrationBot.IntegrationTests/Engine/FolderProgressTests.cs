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

    [Fact]
    public async Task Progress_OfAPassOverSeveralFolders_CountsTheMessagesAndBytesOfEveryFolderCopiedSoFar()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var corpus = new CorpusOptions { Seed = 5, Users = 1, MessagesPerUser = 60 };
        await using var pair = await MigrationPair.StartAsync([corpus.UserName(1)], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        var reports = new ConcurrentQueue<MigrationProgress>();

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System)
            .RunAsync(pair.Jobs(), new SynchronousProgress(reports.Enqueue), cts.Token);

        AssertMigration.Succeeded(report);
        var mailbox = Assert.Single(report.Mailboxes);
        var copying = reports.Where(r => r.Status is null && r.Folder.Length > 0).ToList();
        var folders = copying.Select(r => r.Folder).Distinct().ToList();
        Assert.True(folders.Count >= 3, $"the corpus was copied in {folders.Count} folder(s)");
        // One appender (the target has MULTIAPPEND), so the reports come in order: the pass's count never falls back
        // when the next folder starts, and a later folder's reports include what the earlier ones copied.
        Assert.All(copying.Zip(copying.Skip(1)), p => Assert.True(p.Second.PassCopied >= p.First.PassCopied && p.Second.PassBytes >= p.First.PassBytes,
            $"{p.First.Folder} {p.First.PassCopied} then {p.Second.Folder} {p.Second.PassCopied}"));
        var last = copying.Last(r => r.Copied > 0);
        Assert.True(last.PassCopied > last.Copied, $"the last folder's report counts {last.PassCopied}, its folder alone {last.Copied}");
        Assert.Equal((mailbox.Copied, mailbox.Bytes), (copying[^1].PassCopied, copying[^1].PassBytes));
    }

    private sealed class SynchronousProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }
}
