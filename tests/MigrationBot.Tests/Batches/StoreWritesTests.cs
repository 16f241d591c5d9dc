using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Runs;
using Quartz;
using Quartz.Impl.AdoJobStore;

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

    [Fact]
    public async Task AQuartzFailureWhoseCauseIsTheDatabases_IsTriedAgain_UntilItAnswers()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);
        var attempts = 0;

        // How Quartz's ADO.NET store reports a database it cannot reach, and a lock it cannot take there.
        var written = writes.UntilStoredAsync("the batch's start", () => ++attempts switch
        {
            1 => throw new JobPersistenceException("Failed to obtain DB connection from data source 'quartz'", new Unreachable()),
            2 => throw new LockException("Failure obtaining db row lock", new Unreachable()),
            _ => Task.FromResult(attempts),
        }, CancellationToken.None);
        for (var i = 0; i < 20 && !written.IsCompleted; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, await written);
    }

    [Fact]
    public async Task AQuartzFailureThatIsNotTheDatabases_IsNotTriedAgain()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);
        var attempts = 0;

        await Assert.ThrowsAsync<SchedulerException>(() => writes.UntilStoredAsync("x", () => { attempts++; throw new SchedulerException("The Scheduler has been shutdown."); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task TheLimit_CountsFromTheFirstFailure_NotFromAFirstAttemptThatTookLong()
    {
        var writes = new StoreWrites(_time, NullLogger<StoreWrites>.Instance);
        var attempts = 0;

        var written = writes.UntilStoredAsync("the batch's start", () =>
        {
            // The first attempt works for 20 min (a long preflight) before the database goes away.
            if (++attempts == 1)
                _time.Advance(TimeSpan.FromMinutes(20));
            return attempts < 4 ? throw new Unreachable() : Task.FromResult(attempts);
        }, CancellationToken.None);
        for (var i = 0; i < 20 && !written.IsCompleted; i++)
            _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(4, await written);
    }

    /// <summary>What a driver throws while its database is down.</summary>
    private sealed class Unreachable() : System.Data.Common.DbException("the database does not answer");
}
