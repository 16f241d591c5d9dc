using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.Engine.Verify;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// Exchange Online throttles IMAP by refusing commands with <c>NO Request is throttled. Suggested Backoff Time:
/// N milliseconds</c> (no response code). An Exchange-like Dovecot behind <see cref="ExchangeOnlineProxy"/>
/// refuses chosen APPENDs that way; the engine must wait as told, retry, and still copy every message once.
/// </summary>
public sealed class ThrottlingTests
{
    private static readonly MigrationOptions Options = new() { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxTransientRetries = 3 };

    [Fact]
    public async Task Migrate_AppendsThrottledNowAndThen_WaitsRetriesAndCopiesEachMessageOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        await SeedAsync(pair, 60, cts.Token);
        // Every 7th APPEND is refused: far more throttles in all than MaxTransientRetries, but never twice in a row
        // without progress, which is how a large mailbox meets Exchange Online's budget.
        await using var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort, n => n % 7 == 0, backoffMilliseconds: 150);
        var job = JobThrough(pair, proxy);

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, Options, TimeProvider.System).RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.True(proxy.Throttled > Options.MaxTransientRetries, $"only {proxy.Throttled} APPENDs were throttled");
        Assert.Equal(60, report.Mailboxes.Single().Copied);
        Assert.Equal(0, report.Mailboxes.Single().Failed);
        AssertMigration.Identical([await Verifier.VerifyAsync(job, Options, cts.Token)]);
    }

    [Fact]
    public async Task Migrate_EveryAppendThrottled_FailsTheMailboxAsBusyNotItsMessages_AndALaterRunCopiesEverythingOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        await SeedAsync(pair, 20, cts.Token);
        MailboxReport throttled;
        await using (var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort, _ => true, backoffMilliseconds: 50))
        {
            throttled = (await new MigrationRunner(pair.Ledger, pair.Memory, Options, TimeProvider.System).RunAsync([JobThrough(pair, proxy)], null, cts.Token)).Mailboxes.Single();
            // The first attempt and every retry met a throttle (several at once where appenders ran in parallel).
            Assert.True(proxy.Throttled >= Options.MaxTransientRetries + 1, $"only {proxy.Throttled} APPENDs were throttled");
        }

        // The mailbox gave up as busy: no message is reported as refused, nothing is on the target.
        Assert.Equal(MailboxOutcome.Failed, throttled.Outcome);
        Assert.Contains("Request is throttled", throttled.Error, StringComparison.Ordinal);
        Assert.Equal(0, throttled.Failed);
        Assert.Equal(0, throttled.Copied);

        // Once the budget is back, the messages marked in flight before each refused APPEND are settled, not lost.
        var report = await pair.MigrateAsync(Options, cts.Token);
        AssertMigration.Succeeded(report);
        Assert.Equal(20, report.Mailboxes.Single().Copied);
        AssertMigration.Identical(await pair.VerifyAsync(Options, cts.Token));
    }

    [Fact]
    public async Task Migrate_EveryNthAppendThrottledAcrossFiveMailboxes_CopiesEverythingOnceAndReturnsTheWholeMemoryBudget()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string[] users = ["u1", "u2", "u3", "u4", "u5"];
        await using var pair = await MigrationPair.StartAsync(users, exchangeTarget: true, cts.Token);
        foreach (var user in users)
            await SeedAsync(pair, 40, cts.Token, user);
        // A backoff long enough that throttles of different mailboxes overlap: a mailbox retrying after its own wait then
        // finds the host held by another's and says until when (at 30 ms the windows seldom met, and a CI run saw none).
        await using var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort, n => n % 9 == 0, backoffMilliseconds: 400);
        // A small budget, so mailboxes wait for each other's memory: a lease lost on a throttle would starve them.
        var memory = new MemoryBudget(256 * 1024);
        var jobs = users.Select(u => pair.Job(u) with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.None) }).ToList();

        var governor = new HostGovernor(TimeProvider.System, ceiling: 5);
        var statuses = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var progress = new Progress<MigrationProgress>(p =>
        {
            if (p.Status is { } status)
                statuses.Enqueue(status);
        });

        var report = await new MigrationRunner(pair.Ledger, memory, Options with { MaxTransientRetries = 6 }, TimeProvider.System, hosts: governor).RunAsync(jobs, progress, cts.Token);

        AssertMigration.Succeeded(report);
        // The other mailboxes of the throttled host were held back too, and said until when.
        Assert.Contains(statuses, s => s.Contains("is throttling: waiting until", StringComparison.Ordinal));
        Assert.True(proxy.Throttled >= 5, $"only {proxy.Throttled} APPENDs were throttled");
        Assert.Equal(5 * 40, report.Mailboxes.Sum(m => m.Copied));
        Assert.Equal(memory.Capacity, memory.Available);
        AssertMigration.Identical(await pair.VerifyAsync(Options, cts.Token));
    }

    private static async Task SeedAsync(MigrationPair pair, int count, CancellationToken ct, string user = "alice")
    {
        await using var source = await pair.Source.OpenMailboxAsync(user, ct);
        var now = DateTimeOffset.UtcNow;
        await source.AppendAsync("INBOX", Enumerable.Range(1, count).Select(i => SeedMessage.Text($"m{i}.{user}@throttle.test", $"message {i}", now.AddMinutes(-i))), ct);
    }

    private static MailboxJob JobThrough(MigrationPair pair, ExchangeOnlineProxy proxy) =>
        pair.Job("alice") with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.None) };
}
