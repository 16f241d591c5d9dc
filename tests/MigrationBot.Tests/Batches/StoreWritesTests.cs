using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Runs;

namespace MigrationBot.Tests.Batches;

public sealed class StoreWritesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AWriteTheDatabaseRefuses_IsTriedAgainWithGrowingWaits_UntilItAnswers()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);
        var attempts = 0;

        var written = writes.UntilStoredAsync("the pass's totals", () => ++attempts < 4 ? throw new Unreachable() : Task.FromResult(attempts), CancellationToken.None);
        for (var i = 0; i < 20 && !written.IsCompleted; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(4, await written);
    }

    [Fact]
    public async Task ADatabaseGoneLongerThanTheLimit_FailsTheWriteWithTheDatabasesError()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);

        var written = writes.UntilStoredAsync("the user's next state", () => Task.FromException(new Unreachable()), CancellationToken.None);
        for (var i = 0; i < 200 && !written.IsCompleted; i++)
            _time.Advance(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<Unreachable>(() => written);
        Assert.True(_time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero) >= StoreWrites.GiveUpAfter);
    }

    [Fact]
    public async Task AnErrorThatIsNotTheDatabases_IsNotTriedAgain()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes.UntilStoredAsync("x", () => { attempts++; throw new InvalidOperationException("a bug"); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    /// <summary>What a driver throws while its database is down.</summary>
    private sealed class Unreachable() : System.Data.Common.DbException("the database does not answer");
}
