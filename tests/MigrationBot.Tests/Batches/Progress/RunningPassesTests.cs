using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Batches.Progress;

public sealed class RunningPassesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid BatchId = Guid.Parse("6f1c2a4e-9d3b-4c7a-8e21-0b5d7f9a1c33");

    private static BatchUser User(string address, UserState state, PublishedPass? live) =>
        new(BatchId, address, state, null, address, null, UserTotals.None) { Live = live };

    private static PublishedPass Published(string replica, int copied, DateTimeOffset at, double? rate = 100) =>
        new(new LivePass("INBOX", copied, 1000, null, at), replica, rate);

    [Fact]
    public void PassesOfAnotherReplica_AreShownBesideThisOnes_AndTheRatesAdd()
    {
        var local = new LiveBatch();
        local.Report(new MigrationProgress("ann@contoso.com", "INBOX", 10, 100), Now.AddSeconds(-20));
        local.Report(new MigrationProgress("ann@contoso.com", "INBOX", 410, 1000), Now);
        var users = new[]
        {
            User("ann@contoso.com", UserState.Syncing, null),
            User("bob@contoso.com", UserState.Syncing, Published("replica-2/7", 250, Now.AddSeconds(-4), rate: 150)),
            User("carol@contoso.com", UserState.IncrementalSyncing, Published("replica-2/7", 30, Now.AddSeconds(-3), rate: 150)),
        };

        var (passes, rate) = RunningPasses.Merge(local, users, "replica-1/5", Now);

        Assert.Equal([410, 250, 30], new[] { "ann@contoso.com", "bob@contoso.com", "carol@contoso.com" }.Select(a => passes[a].Copied));
        Assert.Equal(20 + 150, rate);
    }

    [Fact]
    public void APublishedPassThatIsStaleOrOfAUserNoLongerRunning_OrThisReplicasOwn_IsNotShown()
    {
        var users = new[]
        {
            User("stale@contoso.com", UserState.Syncing, Published("replica-2/7", 250, Now - RunningPasses.Fresh - TimeSpan.FromSeconds(1))),
            User("synced@contoso.com", UserState.Synced, Published("replica-2/7", 250, Now)),
            User("mine@contoso.com", UserState.Syncing, Published("replica-1/5", 250, Now)),
        };

        var (passes, rate) = RunningPasses.Merge(null, users, "replica-1/5", Now);

        Assert.Empty(passes);
        Assert.Null(rate);
    }
}
