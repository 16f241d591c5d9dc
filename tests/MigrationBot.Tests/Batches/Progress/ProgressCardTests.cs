using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;
using MigrationBot.Tests.Cards;

namespace MigrationBot.Tests.Batches.Progress;

public sealed class ProgressCardTests
{
    private static readonly Guid BatchId = SampleBatches.Batch(BatchState.Syncing).Id;

    private static BatchUser User(string address, UserState state, UserTotals totals) =>
        new(BatchId, address, state, null, address.Split('@')[0], null, totals);

    private static AdaptiveCard Card(BatchState state, IReadOnlyList<BatchUser> users, Dictionary<string, LivePass> passes, double? rate = null) =>
        ProgressCard.Build(new ProgressView(SampleBatches.Batch(state), users, passes, rate, null, []), Viewer.ReadOnly, SampleBatches.At);

    private static IEnumerable<Fact> Facts(AdaptiveCard card) => card.Body.OfType<FactSet>().SelectMany(f => f.Facts);

    private static string ItemsCopied(AdaptiveCard card) => Facts(card).Single(f => f.Title == "Items copied").Value;

    [Fact]
    public void ItemsCopied_AddsWhatRunningPassesCopiedInAllTheirFolders_ToTheFinishedPasses_WithTheirBytes()
    {
        var users = new[]
        {
            User("ann@contoso.com", UserState.Syncing, UserTotals.None),
            User("bob@contoso.com", UserState.Synced, new UserTotals(120, 2L * 1024 * 1024, 0, 0, 1, SampleBatches.At, true)),
        };
        // ann's pass copied 80,000 messages in INBOX and is now in its second folder, 8 messages in.
        var passes = new Dictionary<string, LivePass>
        {
            ["ann@contoso.com"] = new("Projects/2024", 8, 9, null, SampleBatches.At, PassCopied: 80_008, PassBytes: 16L * 1024 * 1024),
        };

        Assert.Equal("80,128 (18 MB)", ItemsCopied(Card(BatchState.Syncing, users, passes)));
    }

    [Fact]
    public void ItemsCopied_OfAPassPublishedByAReplicaThatSaysOnlyTheFoldersCount_CountsThatFolder()
    {
        var users = new[] { User("ann@contoso.com", UserState.Syncing, UserTotals.None) };
        var passes = new Dictionary<string, LivePass> { ["ann@contoso.com"] = new("INBOX", 410, 1000, null, SampleBatches.At) };

        Assert.Equal("410 (0 B)", ItemsCopied(Card(BatchState.Syncing, users, passes)));
    }

    [Fact]
    public void Throughput_IsShownWhilePassesRun_NotOnceTheyHaveEnded()
    {
        var users = new[] { User("ann@contoso.com", UserState.Syncing, UserTotals.None) };
        var running = new Dictionary<string, LivePass> { ["ann@contoso.com"] = new("INBOX", 410, 1000, null, SampleBatches.At, 410, 4_100_000) };

        var whileRunning = Card(BatchState.Syncing, users, running, rate: 120.5);
        var afterwards = Card(BatchState.Completed, users, [], rate: 120.5);

        Assert.Equal("120.5 messages/s", Facts(whileRunning).Single(f => f.Title == "Throughput").Value);
        Assert.DoesNotContain(Facts(afterwards), f => f.Title == "Throughput");
    }
}
