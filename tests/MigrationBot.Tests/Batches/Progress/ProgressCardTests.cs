using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards.Model;
using MigrationBot.Tests.Cards;

namespace MigrationBot.Tests.Batches.Progress;

public sealed class ProgressCardTests
{
    private static IEnumerable<Fact> Facts(AdaptiveCard card) => card.Body.OfType<FactSet>().SelectMany(f => f.Facts);

    private static string ItemsCopied(AdaptiveCard card) => Facts(card).Single(f => f.Title == "Items copied").Value;

    [Fact]
    public void ItemsCopied_AddsWhatRunningPassesCopiedInAllTheirFolders_ToTheFinishedPasses_WithTheirBytes()
    {
        var batch = SampleBatches.Batch(BatchState.Syncing);
        var users = new[]
        {
            new BatchUser(batch.Id, "ann@contoso.com", UserState.Syncing, null, "ann", null, UserTotals.None),
            new BatchUser(batch.Id, "bob@contoso.com", UserState.Synced, null, "bob", null, new UserTotals(120, 2L * 1024 * 1024, 0, 0, 1, SampleBatches.At, true)),
        };
        // ann's pass copied 80,000 messages in INBOX and is now in its second folder, 8 messages in.
        var passes = new Dictionary<string, LivePass>
        {
            ["ann@contoso.com"] = new("Projects/2024", 8, 9, null, SampleBatches.At, PassCopied: 80_008, PassBytes: 16L * 1024 * 1024),
        };

        var card = ProgressCard.Build(new ProgressView(batch, users, passes, null, null, []), Viewer.ReadOnly, SampleBatches.At);

        Assert.Equal("80,128 (18 MB)", ItemsCopied(card));
    }

    [Fact]
    public void ItemsCopied_OfAPassPublishedByAReplicaThatSaysOnlyTheFoldersCount_CountsThatFolder()
    {
        var batch = SampleBatches.Batch(BatchState.Syncing);
        var users = new[] { new BatchUser(batch.Id, "ann@contoso.com", UserState.Syncing, null, "ann", null, UserTotals.None) };
        var passes = new Dictionary<string, LivePass> { ["ann@contoso.com"] = new("INBOX", 410, 1000, null, SampleBatches.At) };

        var card = ProgressCard.Build(new ProgressView(batch, users, passes, null, null, []), Viewer.ReadOnly, SampleBatches.At);

        Assert.Equal("410 (0 B)", ItemsCopied(card));
    }

    [Fact]
    public void Throughput_IsShownWhilePassesRun_NotOnceTheyHaveEnded()
    {
        var batch = SampleBatches.Batch(BatchState.Syncing);
        var users = new[] { new BatchUser(batch.Id, "ann@contoso.com", UserState.Syncing, null, "ann", null, UserTotals.None) };
        var running = new Dictionary<string, LivePass> { ["ann@contoso.com"] = new("INBOX", 410, 1000, null, SampleBatches.At, 410, 4_100_000) };

        var whileRunning = ProgressCard.Build(new ProgressView(batch, users, running, 120.5, null, []), Viewer.ReadOnly, SampleBatches.At);
        var afterwards = ProgressCard.Build(
            new ProgressView(SampleBatches.Batch(BatchState.Completed), users, new Dictionary<string, LivePass>(), 120.5, null, []), Viewer.ReadOnly, SampleBatches.At);

        Assert.Equal("120.5 messages/s", Facts(whileRunning).Single(f => f.Title == "Throughput").Value);
        Assert.DoesNotContain(Facts(afterwards), f => f.Title == "Throughput");
    }
}
