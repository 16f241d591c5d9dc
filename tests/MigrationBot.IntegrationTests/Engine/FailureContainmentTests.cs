using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>A failure stays where it happens: one folder, one mailbox, or (cancelled) the run, which still reports.</summary>
public sealed class FailureContainmentTests
{
    private static IEnumerable<SeedMessage> Messages(string folder, int count) =>
        Enumerable.Range(1, count).Select(i => SeedMessage.Text($"{folder}-{i}@contain.test", $"{folder} {i}", DateTimeOffset.UtcNow.AddMinutes(-i)));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Migrate_FolderWhoseSelectTheSourceRefuses_FailsAloneWithTheServersWordsAndTheOtherFoldersAreCopied()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("Locked", cts.Token);
            await mailbox.CreateFolderAsync("Open", cts.Token);
            await mailbox.AppendAsync("INBOX", Messages("inbox", 3), cts.Token);
            await mailbox.AppendAsync("Locked", Messages("locked", 2), cts.Token);
            await mailbox.AppendAsync("Open", Messages("open", 4), cts.Token);
        }

        // The server cannot read the folder's files any more (it runs as an unprivileged user): SELECT is refused.
        var locked = await pair.Source.MailboxPathAsync("alice", "Locked", "mailbox", cts.Token);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var report = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

            Assert.Equal(MailboxOutcome.CompletedWithErrors, report.Outcome);
            Assert.Equal(7, report.Copied);
            var failure = Assert.Single(report.Folders.SelectMany(f => f.Skips));
            Assert.Equal("Locked", failure.Folder);
            Assert.Contains("folder not synced", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("refused by the server", failure.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Once it can be read again, the next pass copies it and nothing twice.
        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);
        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(2, rerun.Copied);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_LedgerThatCannotBeOpened_FailsEachMailboxSayingSoAndTheRunStillReturns()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token);
        var path = Path.Combine(pair.Directory, "gone", "ledger.db");
        var ledger = await MigrationLedger.OpenAsync(path, cts.Token);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // The ledger's directory is replaced by a file: SQLite can no longer open the database.
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        await File.WriteAllTextAsync(Path.GetDirectoryName(path)!, "not a directory", cts.Token);

        var report = await new MigrationRunner(ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync(pair.Jobs(), null, cts.Token);

        Assert.Equal(2, report.Mailboxes.Count);
        Assert.All(report.Mailboxes, m => Assert.Equal(MailboxOutcome.Failed, m.Outcome));
        Assert.All(report.Mailboxes, m => Assert.Contains("ledger could not be read or written", m.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_RunCancelledMidCopy_ReturnsAReportOfWhatItCopiedAndTheNextPassCopiesTheRestOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        // Exchange-like target: one APPEND at a time per connection, so the copy is long enough to cut.
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], exchangeTarget: true, cts.Token);
        foreach (var user in pair.Users)
        {
            await using var mailbox = await pair.Source.OpenMailboxAsync(user, cts.Token);
            await mailbox.AppendAsync("INBOX", Messages(user, 1500), cts.Token);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var progress = new SynchronousProgress(p =>
        {
            if (p.Copied >= 40)
                stop.Cancel();
        });
        var runner = new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions { MaxConcurrentMailboxes = 1 }, TimeProvider.System);

        var cancelled = await runner.RunAsync(pair.Jobs(), progress, stop.Token);

        Assert.All(cancelled.Mailboxes, m => Assert.Equal(MailboxOutcome.Cancelled, m.Outcome));
        var first = cancelled.Mailboxes[0];
        // The batches already sent are finished (their answers read), so their fate is known; no new batch starts.
        Assert.InRange(first.Copied, 40, 1499);
        Assert.Contains("cancelled", first.Error, StringComparison.Ordinal);
        Assert.Equal("cancelled before this mailbox started", cancelled.Mailboxes[1].Error);
        Assert.Equal(pair.Memory.Capacity, pair.Memory.Available);

        var rest = await pair.MigrateAsync(cancellationToken: cts.Token);
        AssertMigration.Succeeded(rest);
        // What the cancelled run copied is not copied again (messages it had in flight are settled by recovery).
        Assert.InRange(rest.Mailboxes.Sum(m => m.Copied), 1500, 3000 - first.Copied);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    private sealed class SynchronousProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => report(value);
    }
}
