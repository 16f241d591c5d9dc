using MailKit.Net.Imap;
using MigrationBot.Bench.Corpus;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// The target advertises exactly Exchange Online's capabilities (no MULTIAPPEND, no CONDSTORE, no SPECIAL-USE)
/// and the engine logs in with SASL XOAUTH2, as it does against Exchange Online.
/// </summary>
public sealed class ExchangeLikeTargetTests
{
    [Fact]
    public async Task Migrate_ToExchangeLikeTargetWithXoauth2_IsIdenticalWithoutMultiAppend()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = new CorpusOptions { Seed = 5, Users = 2, MessagesPerUser = 150, Cases = CorpusCases.Default };
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, 2).Select(corpus.UserName).ToList(), exchangeTarget: true, cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        var tokens = new StaticTokenSource(pair.Target.IssueOAuthToken);
        var jobs = pair.Jobs().Select(j => j with { TargetLogin = new OAuth2Login(j.EmailAddress, tokens) }).ToList();

        using (var probe = await ImapSession.OpenAsync(pair.TargetEndpoint, jobs[0].TargetLogin, cts.Token))
        {
            Assert.Equal(ImapCapabilities.None, probe.Capabilities & (ImapCapabilities.MultiAppend | ImapCapabilities.CondStore | ImapCapabilities.SpecialUse));
            Assert.True(probe.IsAuthenticated);
        }

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync(jobs, null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.True(tokens.Requests >= 2);
        Assert.True(pair.Target.OAuthIntrospectionCount > 0);
        var rerun = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync(jobs, null, cts.Token);
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Copied));
        var results = new List<MigrationBot.Engine.Verify.MailboxVerification>();
        foreach (var job in jobs)
            results.Add(await MigrationBot.Engine.Verify.Verifier.VerifyAsync(job, new MigrationOptions(), cts.Token));
        AssertMigration.Identical(results);
    }

    [Fact]
    public async Task Migrate_Xoauth2TokenRefused_FailsThatMailboxWithAnAuthenticationError()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        var job = pair.Job("alice") with { TargetLogin = new OAuth2Login(MigrationPair.EmailOf("alice"), new StaticTokenSource(_ => "not-a-valid-token")) };
        var logger = new CollectingLogger<MigrationRunner>();

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System, logger).RunAsync([job], null, cts.Token);

        var mailbox = Assert.Single(report.Mailboxes);
        Assert.Equal(MailboxOutcome.AuthenticationFailed, mailbox.Outcome);
        Assert.Contains("authentication failed for alice@corpus.example", mailbox.Error, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("authentication failed", StringComparison.Ordinal));
        Assert.All(logger.Lines, l => Assert.DoesNotContain("not-a-valid-token", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Migrate_SmallFolderWithoutMultiAppend_IsAppendedOnEveryConnectionAtOnce()
    {
        // Each APPEND's answer is held back 40 ms, as a distant server's would be: one connection at a time would
        // take 40 messages × 40 ms; the four APPEND connections of a mailbox should share even a small folder.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        await using (var source = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var now = DateTimeOffset.UtcNow;
            await source.AppendAsync("INBOX", Enumerable.Range(1, 40).Select(i => SeedMessage.Text($"m{i}@small.test", $"message {i}", now)), cts.Token);
        }

        await using var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort, appendLatency: TimeSpan.FromMilliseconds(40));
        var job = pair.Job("alice") with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.None) };
        var report = await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.Equal(40, report.Mailboxes.Single().Copied);
        // Four connections; three at least overlap even on a loaded machine, one would if the folder were one batch.
        Assert.True(proxy.MaxOutstandingAppends >= 3, $"at most {proxy.MaxOutstandingAppends} APPENDs were outstanding at once");
        AssertMigration.Identical([await MigrationBot.Engine.Verify.Verifier.VerifyAsync(job, new MigrationOptions(), cts.Token)]);
    }
}
