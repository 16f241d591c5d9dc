using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Slots;
using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Fixtures;

namespace MigrationBot.IntegrationTests.Scale;

/// <summary>The cluster-wide "at once" limits in PostgreSQL, as two replicas (two instances on one database) see them.</summary>
public sealed class ClusterSlotsTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private string? _database;

    private async Task<(ClusterSlots First, ClusterSlots Second)> TwoReplicasAsync()
    {
        _database = await fixture.Server.CreateDatabaseAsync(CancellationToken.None);
        var options = Options.Create(new StoreOptions { Provider = StoreOptions.PostgreSql, PostgreSqlConnectionString = _database });
        return (new ClusterSlots(options, _time, NullLogger<ClusterSlots>.Instance), new ClusterSlots(options, _time, NullLogger<ClusterSlots>.Instance));
    }

    [Fact]
    public async Task ALimitOfTwo_GivesTwoSlotsAcrossBothReplicas_AndAThirdOnceOneIsReleased()
    {
        var (first, second) = await TwoReplicasAsync();
        await using var _1 = first;
        await using var _2 = second;
        (string, int)[] scopes = [("batch:b", 2), ("endpoint:e", 5)];

        var a = await first.TryAcquireAsync(scopes, CancellationToken.None);
        var b = await second.TryAcquireAsync(scopes, CancellationToken.None);
        var refused = await first.TryAcquireAsync(scopes, CancellationToken.None);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Null(refused);
        await a!.DisposeAsync();
        var c = await second.TryAcquireAsync(scopes, CancellationToken.None);
        Assert.NotNull(c);
        await b!.DisposeAsync();
        await c!.DisposeAsync();
    }

    [Fact]
    public async Task AFullScope_RefusesAll_AndTheOtherScopesSlotTakenMeanwhileIsGivenBack()
    {
        var (first, second) = await TwoReplicasAsync();
        await using var _1 = first;
        await using var _2 = second;
        var held = await first.TryAcquireAsync([("endpoint:e", 1)], CancellationToken.None);

        Assert.Null(await second.TryAcquireAsync([("batch:b", 1), ("endpoint:e", 1)], CancellationToken.None));
        // The batch's only slot was not kept by the refused attempt.
        var batchOnly = await second.TryAcquireAsync([("batch:b", 1)], CancellationToken.None);
        Assert.NotNull(batchOnly);
        await batchOnly!.DisposeAsync();
        await held!.DisposeAsync();
    }

    [Fact]
    public async Task ASlotOfAReplicaThatStoppedRenewing_IsTakenOnceItsHoldLapses()
    {
        var (first, second) = await TwoReplicasAsync();
        await using var _1 = first;
        await using var _2 = second;
        await (await second.TryAcquireAsync([("batch:other", 1)], CancellationToken.None))!.DisposeAsync();
        // A replica took the only slot and died: its row stays, never renewed nor released.
        await using (var connection = new Npgsql.NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var plant = new Npgsql.NpgsqlCommand("INSERT INTO cluster_slots (scope, slot, holder, expires_at) VALUES ('batch:b', 0, 'replica-1/41/dead', @expires)", connection);
            plant.Parameters.AddWithValue("expires", _time.GetUtcNow() + ClusterSlots.Hold);
            await plant.ExecuteNonQueryAsync();
        }

        Assert.Null(await second.TryAcquireAsync([("batch:b", 1)], CancellationToken.None));
        _time.Advance(ClusterSlots.Hold + TimeSpan.FromSeconds(1));
        var taken = await second.TryAcquireAsync([("batch:b", 1)], CancellationToken.None);

        Assert.NotNull(taken);
        await taken!.DisposeAsync();
    }
}
