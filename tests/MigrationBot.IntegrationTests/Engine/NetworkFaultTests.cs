using MigrationBot.Bench.Corpus;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// The network failing under a sync, on either side, as a proxy between the engine and Dovecot makes it fail: a
/// source connection cut in the middle of a FETCH's literal, a source or target that stops answering (past the read
/// timeout) in the middle of a transfer. Each sync completes with every message on the target exactly once.
/// </summary>
public sealed class NetworkFaultTests
{
    private static readonly MigrationOptions QuickRetries = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) };
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Migrate_SourceConnectionCutInTheMiddleOfAFetchLiteral_ReconnectsAndCopiesEveryMessageOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (pair, user) = await SeededPairAsync(31, cts.Token);
        await using var _ = pair;
        // The first three source connections die after ~1.5 MB from the server: in the middle of a message's literal.
        await using var proxy = new FaultProxy(pair.Source.ImapPort, connectionsToBreak: 3, FaultDirection.ServerToClient, afterBytes: 1_500_000, FaultKind.Cut);
        var job = pair.Job(user) with { Source = pair.SourceEndpoint with { Port = proxy.Port } };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, QuickRetries, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.True(proxy.Broken >= 1, "the proxy never cut a connection: the test proves nothing");
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_SourceStopsAnsweringInTheMiddleOfAFetch_TimesOutReconnectsAndCopiesEveryMessageOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (pair, user) = await SeededPairAsync(32, cts.Token);
        await using var _ = pair;
        await using var proxy = new FaultProxy(pair.Source.ImapPort, connectionsToBreak: 1, FaultDirection.ServerToClient, afterBytes: 1_000_000, FaultKind.Stall);
        var job = pair.Job(user) with { Source = pair.SourceEndpoint with { Port = proxy.Port, ReadTimeout = ShortTimeout } };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, QuickRetries, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.Equal(1, proxy.Broken);
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_TargetStopsAnsweringInTheMiddleOfAnAppend_TimesOutReconnectsAndCopiesEveryMessageExactlyOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (pair, user) = await SeededPairAsync(33, cts.Token);
        await using var _ = pair;
        // The target hears ~1.5 MB of APPENDs and then no more: the engine's write or its wait for the answer times out.
        await using var proxy = new FaultProxy(pair.Target.ImapsPort, connectionsToBreak: 2, FaultDirection.ClientToServer, afterBytes: 1_500_000, FaultKind.Stall);
        var job = pair.Job(user) with { Target = pair.TargetEndpoint with { Port = proxy.Port, ReadTimeout = ShortTimeout } };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, QuickRetries, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.True(proxy.Broken >= 1, "the proxy never stalled a connection: the test proves nothing");
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_TargetAnswersNothingAfterTakingAppends_TimesOutReconnectsAndCopiesEveryMessageExactlyOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (pair, user) = await SeededPairAsync(34, cts.Token);
        await using var _ = pair;
        // The target takes everything the engine sends but its answers stop after ~6 KB (the TLS handshake and a few dozen OKs): APPENDs it stored whose OK never arrives.
        await using var proxy = new FaultProxy(pair.Target.ImapsPort, connectionsToBreak: 2, FaultDirection.ServerToClient, afterBytes: 6_000, FaultKind.Stall);
        var job = pair.Job(user) with { Target = pair.TargetEndpoint with { Port = proxy.Port, ReadTimeout = ShortTimeout } };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, QuickRetries, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.True(proxy.Broken >= 1, "the proxy never stalled a connection: the test proves nothing");
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    private static async Task<(MigrationPair Pair, string User)> SeededPairAsync(int seed, CancellationToken cancellationToken)
    {
        var corpus = new CorpusOptions { Seed = seed, Users = 1, MessagesPerUser = 300, TypicalMaxSize = 32 * 1024, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        var pair = await MigrationPair.StartAsync([user], cancellationToken: cancellationToken);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cancellationToken);
        return (pair, user);
    }
}
