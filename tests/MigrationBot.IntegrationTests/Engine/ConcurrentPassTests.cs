using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class ConcurrentPassTests
{
    [Fact]
    public async Task Migrate_SecondPassOverAMailboxWhileTheFirstRuns_RefusesAndNothingIsCopiedTwice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            // Enough that the first pass is still copying when the second starts (300 were copied before a progress
            // report reached the test, on a loaded machine, and the first pass had let go).
            await mailbox.AppendAsync("INBOX", Enumerable.Range(1, 3000).Select(i => SeedMessage.Text($"{i}@concurrent.test", $"m {i}", DateTimeOffset.UtcNow.AddMinutes(-i))), cts.Token);
        var copying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Progress<MigrationProgress>(p =>
        {
            if (p.Copied > 0)
                copying.TrySetResult();
        });
        var runner = new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System);

        var first = runner.RunAsync(pair.Jobs(), progress, cts.Token);
        await copying.Task.WaitAsync(cts.Token);
        var second = Assert.Single((await runner.RunAsync(pair.Jobs(), null, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.AlreadyRunning, second.Outcome);
        Assert.Contains("another pass over alice@corpus.example is running", second.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.Copied);
        AssertMigration.Succeeded(await first);
        Assert.Equal(3000, (await first).Mailboxes.Single().Copied);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));

        // Once the first pass ended, its hold is gone: the next pass runs (and has nothing to copy).
        var third = Assert.Single((await runner.RunAsync(pair.Jobs(), null, cts.Token)).Mailboxes);
        Assert.Equal(MailboxOutcome.Succeeded, third.Outcome);
        Assert.Equal(0, third.Copied);
    }
}
