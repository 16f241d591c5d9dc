using MailKit;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class TargetIndexTests
{
    private static readonly DateTimeOffset Noon = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static MessageCandidate On(uint uid, string key, long size, DateTimeOffset date) => new(uid, MessageFlags.None, "", date, size, key);

    [Fact]
    public void Claim_PrefersKeySizeAndDateAllAgreeing_ThenTheLowestUid_AndTakesItOut()
    {
        var index = new TargetIndex([On(9, "m:a", 100, Noon), On(7, "m:a", 120, Noon), On(8, "m:a", 100, Noon), On(6, "m:other", 100, Noon)]);

        Assert.Equal(8u, index.Claim("m:a", 100, Noon)!.Uid);
        Assert.Equal(9u, index.Claim("m:a", 100, Noon)!.Uid);
        // Only the date and one of size or key agree now: the lowest such UID.
        Assert.Equal(6u, index.Claim("m:a", 100, Noon)!.Uid);
        Assert.Equal(7u, index.Claim("m:a", 100, Noon)!.Uid);
        Assert.Null(index.Claim("m:a", 100, Noon));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Claim_AnotherInternalDate_IsNeverTheSameMessage()
    {
        var index = new TargetIndex([On(1, "m:a", 100, Noon)]);

        Assert.False(index.Contains("m:a", 100, Noon.AddSeconds(1)));
        Assert.Null(index.Claim("m:a", 100, Noon.AddHours(-1)));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Claim_EntryFromALedgerWithoutDates_MatchesOnKeyAndSizeAtAnyDate()
    {
        var index = new TargetIndex([On(1, "m:b", 50, Noon), On(2, "m:a", 100, Noon.AddDays(3))]);

        Assert.Equal(2u, index.Claim("m:a", 100, DateTimeOffset.UnixEpoch)!.Uid);
    }

    [Fact]
    public void Claim_AmongManyMessages_FindsEachOnce()
    {
        var messages = Enumerable.Range(1, 20_000).Select(i => On((uint)i, $"m:{i}", 1000 + i, Noon.AddSeconds(i % 5000))).ToList();
        var index = new TargetIndex(messages);

        var found = messages.Select(m => index.Claim(m.ContentKey, m.Size, m.InternalDate)!.Uid).ToList();

        Assert.Equal(messages.Select(m => m.Uid), found);
        Assert.Equal(0, index.Count);
    }
}
