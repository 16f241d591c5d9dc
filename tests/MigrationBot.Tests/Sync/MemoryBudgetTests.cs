using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class MemoryBudgetTests
{
    [Fact]
    public async Task Acquire_BeyondTheFreeBytes_WaitsUntilALeaseIsReturned()
    {
        var budget = new MemoryBudget(100);
        var first = await budget.AcquireAsync(70, CancellationToken.None);

        var second = budget.AcquireAsync(50, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Acquire_MoreThanTheCapacity_TakesTheWholeBudgetInsteadOfWaitingForever()
    {
        var budget = new MemoryBudget(100);

        using var huge = await budget.AcquireAsync(10_000, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var next = budget.AcquireAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);

        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task Acquire_Cancelled_ReturnsNothingAndLaterWaitersStillGetServed()
    {
        var budget = new MemoryBudget(100);
        var held = await budget.AcquireAsync(100, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.AcquireAsync(60, cancel.Token).AsTask();
        var waiting = budget.AcquireAsync(40, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        using var rest = await budget.AcquireAsync(60, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Lease_DisposedTwice_ReturnsItsBytesOnce()
    {
        var budget = new MemoryBudget(100);
        var lease = await budget.AcquireAsync(100, CancellationToken.None);
        lease.Dispose();
        lease.Dispose();

        using var all = await budget.AcquireAsync(100, CancellationToken.None);
        var more = budget.AcquireAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(more.IsCompleted);
    }
}
