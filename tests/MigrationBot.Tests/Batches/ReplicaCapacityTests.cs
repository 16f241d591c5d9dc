using Microsoft.Extensions.Configuration;
using MigrationBot.Batches.Slots;

namespace MigrationBot.Tests.Batches;

public sealed class ReplicaCapacityTests
{
    private static ReplicaCapacity WithLimit(string? limit) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(limit is null ? [] : new Dictionary<string, string?> { ["Batches:PassesPerReplica"] = limit }).Build());

    [Fact]
    public void ALimitOfTwo_GivesTwoPlaces_RefusesAThird_AndGivesItOnceOneIsLeft()
    {
        var capacity = WithLimit("2");
        var first = capacity.TryEnter();
        using var second = capacity.TryEnter();

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(capacity.TryEnter());
        first!.Dispose();
        first.Dispose();
        using var third = capacity.TryEnter();
        Assert.NotNull(third);
        Assert.Null(capacity.TryEnter());
    }

    [Fact]
    public void Unset_IsTenAProcessorCore_AndNeverLessThanTen()
    {
        Assert.Equal(Math.Max(10, Environment.ProcessorCount * 10), WithLimit(null).Limit);
    }
}
