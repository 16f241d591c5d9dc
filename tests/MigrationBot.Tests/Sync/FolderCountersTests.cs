using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class FolderCountersTests
{
    [Fact]
    public void Fail_SameMessageAgainOnARetry_IsCountedOnceWithTheLatestReason()
    {
        var counters = new FolderCounters("INBOX", "INBOX");

        counters.Fail(new SkippedItem("INBOX", 7, 100, "failed: refused by the target (NO first)"));
        counters.Fail(new SkippedItem("INBOX", 8, 100, "failed: refused by the target (NO other)"));
        counters.Fail(new SkippedItem("INBOX", 7, 100, "failed: refused by the target (NO again)"));

        Assert.Equal(2, counters.Failed);
        Assert.Contains(counters.ToStatistics().Skips, s => s.Uid == 7 && s.Reason.Contains("again", StringComparison.Ordinal));
    }
}
