using MigrationBot.Bench.Corpus;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class TransientFailureTests
{
    [Fact]
    public async Task Migrate_TargetConnectionDroppedMidAppend_ReconnectsAndCopiesExactlyOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var corpus = new CorpusOptions { Seed = 21, Users = 1, MessagesPerUser = 400, TypicalMaxSize = 32 * 1024, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        // The first three target connections die after ~1.5 MB from the client: in the middle of an APPEND.
        await using var proxy = new FaultProxy(pair.Target.ImapsPort, connectionsToBreak: 3, FaultDirection.ClientToServer, afterBytes: 1_500_000, FaultKind.Cut);
        var job = pair.Job(user) with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.Ssl, AllowInvalidCertificate: true) };
        var options = new MigrationOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, options, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.True(proxy.Broken >= 1, "the proxy never cut a connection: the test proves nothing");
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_TargetKeepsDropping_GivesUpAfterTheRetryLimitWithAClearReason()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var corpus = new CorpusOptions { Seed = 22, Users = 1, MessagesPerUser = 100, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        await using var proxy = new FaultProxy(pair.Target.ImapsPort, connectionsToBreak: int.MaxValue, FaultDirection.ClientToServer, afterBytes: 200_000, FaultKind.Cut);
        var job = pair.Job(user) with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.Ssl, AllowInvalidCertificate: true) };
        var options = new MigrationOptions { MaxTransientRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100) };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, options, TimeProvider.System).RunAsync([job], null, cts.Token);

        var mailbox = Assert.Single(report.Mailboxes);
        Assert.Equal(MigrationBot.Engine.Reports.MailboxOutcome.Failed, mailbox.Outcome);
        Assert.Contains("connection lost", mailbox.Error, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Broken);
    }
}
