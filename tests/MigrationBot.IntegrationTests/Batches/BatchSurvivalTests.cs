using System.Diagnostics;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Engine;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// A batch survives what happens to the host: killed with SIGKILL in the middle of the initial sync and started
/// again, it goes on from its Quartz jobs and ledger; paused mid-sync it stops copying within seconds and resumes.
/// Either way every mailbox ends identical: nothing missing, nothing duplicated.
/// </summary>
public sealed class BatchSurvivalTests
{
    private static CorpusOptions Corpus(int messages) => new() { Seed = 23, Users = 3, MessagesPerUser = messages, MinSize = 2048, TypicalMaxSize = 32 * 1024 };

    private static async Task<MigrationPair> SeededPairAsync(CorpusOptions corpus, CancellationToken cancellationToken)
    {
        var pair = await MigrationPair.StartAsync([.. Enumerable.Range(1, corpus.Users).Select(corpus.UserName)], cancellationToken: cancellationToken);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cancellationToken);
        return pair;
    }

    /// <summary>The host's content root and database, inside the pair's own directory (removed with it).</summary>
    private static (string Directory, BatchDatabase Database) HostDirectory(MigrationPair pair)
    {
        var directory = Path.Combine(pair.Directory, "host");
        Directory.CreateDirectory(directory);
        return (directory, new BatchDatabase(Path.Combine(directory, "migrationbot.db")));
    }

    [Fact]
    public async Task HostKilledDuringTheInitialSync_ContinuesAfterRestart_AndEveryMailboxEndsIdentical()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = Corpus(messages: 3000);
        await using var pair = await SeededPairAsync(corpus, cts.Token);
        var (directory, database) = HostDirectory(pair);
        var total = corpus.Users * corpus.MessagesPerUser;

        var first = await HostProcess.StartAsync(directory, WaveSettings.For(pair), cts.Token);
        await first.InvokeAsync("submitBatch", WaveSettings.Form(pair, "wave2"), WaveSettings.Admin, cts.Token);
        await database.WaitForCommittedAsync(total / 5, cts.Token);
        await first.KillAsync(cts.Token);
        var atKill = await database.CommittedAsync(cts.Token);
        Assert.True(atKill < total, $"the sync finished ({atKill} of {total}) before the host was killed: the test did not test a crash");
        Assert.Equal(BatchState.Syncing, (await database.Store.FindLiveAsync("wave2", cts.Token))!.State);

        await using var second = await HostProcess.StartAsync(directory, WaveSettings.For(pair), cts.Token);
        var synced = await database.WaitForAsync("wave2", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);

        Assert.True(synced.State == BatchState.Synced, $"{synced.State}\n{second.Output}");
        Assert.Equal(total, await database.CommittedAsync(cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        await first.DisposeAsync();
    }

    [Fact]
    public async Task PauseDuringTheInitialSync_StopsCopyingWithinTenSeconds_AndResumeCompletesIdentical()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = Corpus(messages: 4000);
        await using var pair = await SeededPairAsync(corpus, cts.Token);
        var (directory, database) = HostDirectory(pair);
        var total = corpus.Users * corpus.MessagesPerUser;
        await using var host = await HostProcess.StartAsync(directory, WaveSettings.For(pair), cts.Token);
        await host.InvokeAsync("submitBatch", WaveSettings.Form(pair, "wave2"), WaveSettings.Admin, cts.Token);
        await database.WaitForCommittedAsync(total / 10, cts.Token);
        var batch = (await database.Store.FindLiveAsync("wave2", cts.Token))!;

        var clock = Stopwatch.StartNew();
        var paused = await host.InvokeAsync(BatchVerbs.Pause, new { batchId = batch.Id.ToString("D") }, WaveSettings.Admin, cts.Token);
        Assert.Contains("Paused wave2", paused.GetRawText(), StringComparison.Ordinal);
        long before = -1, now = await database.CommittedAsync(cts.Token);
        while (now != before || (await database.Store.UsersAsync(batch.Id, cts.Token)).Any(u => u.State == UserState.Syncing))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"still copying {clock.Elapsed.TotalSeconds:0.0} s after the pause ({now} committed)");
            await Task.Delay(500, cts.Token);
            (before, now) = (now, await database.CommittedAsync(cts.Token));
        }

        var stoppedAt = now;
        Assert.True(stoppedAt < total, $"the sync finished ({stoppedAt} of {total}) before the pause took effect: the test did not test a pause");
        Assert.Equal(BatchState.Stopped, (await database.Store.GetAsync(batch.Id, cts.Token))!.State);
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        Assert.Equal(stoppedAt, await database.CommittedAsync(cts.Token));

        var resumed = await host.InvokeAsync(BatchVerbs.Resume, new { batchId = batch.Id.ToString("D") }, WaveSettings.Admin, cts.Token);
        Assert.Contains("Resumed wave2", resumed.GetRawText(), StringComparison.Ordinal);
        var synced = await database.WaitForAsync("wave2", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);

        Assert.True(synced.State == BatchState.Synced, $"{synced.State}\n{host.Output}");
        Assert.Equal(total, await database.CommittedAsync(cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
