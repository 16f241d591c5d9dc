using MigrationBot.Bench.Corpus;
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

    private enum Side
    {
        Source,
        Target,
    }

    // The first three source connections die after ~1.5 MB from the server: in the middle of a message's literal.
    [Fact]
    public Task Migrate_SourceConnectionCutInTheMiddleOfAFetchLiteral_ReconnectsAndCopiesEveryMessageOnce() =>
        SurvivesAsync(31, Side.Source, connections: 3, FaultDirection.ServerToClient, afterBytes: 1_500_000, FaultKind.Cut);

    [Fact]
    public Task Migrate_SourceStopsAnsweringInTheMiddleOfAFetch_TimesOutReconnectsAndCopiesEveryMessageOnce() =>
        SurvivesAsync(32, Side.Source, connections: 1, FaultDirection.ServerToClient, afterBytes: 1_000_000, FaultKind.Stall);

    // The target hears ~1.5 MB of APPENDs and then no more: the engine's write or its wait for the answer times out.
    [Fact]
    public Task Migrate_TargetStopsAnsweringInTheMiddleOfAnAppend_TimesOutReconnectsAndCopiesEveryMessageExactlyOnce() =>
        SurvivesAsync(33, Side.Target, connections: 2, FaultDirection.ClientToServer, afterBytes: 1_500_000, FaultKind.Stall);

    // The target takes everything the engine sends but its answers stop after ~6 KB (the TLS handshake and a few dozen
    // OKs): APPENDs it stored whose OK never arrives.
    [Fact]
    public Task Migrate_TargetAnswersNothingAfterTakingAppends_TimesOutReconnectsAndCopiesEveryMessageExactlyOnce() =>
        SurvivesAsync(34, Side.Target, connections: 2, FaultDirection.ServerToClient, afterBytes: 6_000, FaultKind.Stall);

    private static async Task SurvivesAsync(int seed, Side side, int connections, FaultDirection direction, long afterBytes, FaultKind kind)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var corpus = new CorpusOptions { Seed = seed, Users = 1, MessagesPerUser = 300, TypicalMaxSize = 32 * 1024, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        await using var proxy = new FaultProxy(side == Side.Source ? pair.Source.ImapPort : pair.Target.ImapsPort, connections, direction, afterBytes, kind);
        var job = side == Side.Source
            ? pair.Job(user) with { Source = pair.SourceEndpoint with { Port = proxy.Port, ReadTimeout = ShortTimeout } }
            : pair.Job(user) with { Target = pair.TargetEndpoint with { Port = proxy.Port, ReadTimeout = ShortTimeout } };

        var report = await new MigrationRunner(pair.Ledger, pair.Memory, QuickRetries, TimeProvider.System).RunAsync([job], null, cts.Token);

        Assert.True(proxy.Broken >= 1, "the proxy never broke a connection: the test proves nothing");
        AssertMigration.Succeeded(report);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
