using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Progress;
using MigrationBot.Conversations;
using MigrationBot.Engine.Storage;
using Npgsql;

namespace MigrationBot.Batches.Slots;

/// <summary>
/// The "at once" limits of every replica together (a batch's mailboxes at once, a source endpoint's), kept in the
/// shared PostgreSQL: slot rows 0 … limit-1 per scope, each held by one pass with an expiry it renews while it runs,
/// so a replica killed mid-pass frees its slots after <see cref="Hold"/>. Without them each replica would allow the
/// limit on its own, and two replicas would ask a source server (or Exchange Online) for twice what was set. With
/// SQLite there is one process, and its own semaphores are the whole truth: <see cref="Enabled"/> is false.
/// </summary>
public sealed class ClusterSlots : IAsyncDisposable
{
    /// <summary>How long a slot stays held without renewal (renewed every third of it).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromMinutes(2);

    private static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, """
            CREATE TABLE IF NOT EXISTS cluster_slots (
                scope      text        NOT NULL,
                slot       integer     NOT NULL,
                holder     text        NOT NULL,
                expires_at timestamptz NOT NULL,
                PRIMARY KEY (scope, slot)
            );
            """),
    ];

    private readonly PostgresDatabase? _database;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterSlots> _logger;

    public ClusterSlots(IOptions<StoreOptions> store, TimeProvider time, ILogger<ClusterSlots> logger)
    {
        _time = time;
        _logger = logger;
        if (store.Value.UsesPostgreSql)
            _database = new PostgresDatabase(store.Value.PostgreSqlConnectionString ?? throw new InvalidOperationException("Store:PostgreSqlConnectionString is not set."), "slots", Migrations, logger);
    }

    /// <summary>Whether the limits are shared with other replicas (the PostgreSQL store).</summary>
    public bool Enabled => _database is not null;

    /// <summary>
    /// One slot of each scope, all or none: null when some scope has every slot held (by live passes of any replica).
    /// Dispose the result when the pass ends.
    /// </summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(IReadOnlyList<(string Scope, int Limit)> scopes, CancellationToken cancellationToken)
    {
        if (_database is null)
            throw new InvalidOperationException("Cluster slots need the PostgreSQL store.");
        var holder = $"{ReplicaName.Current}/{Guid.NewGuid():N}";
        var taken = new List<(string Scope, int Slot)>();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            foreach (var (scope, limit) in scopes)
            {
                if (await TryTakeAsync(connection, scope, Math.Max(1, limit), holder, cancellationToken) is not { } slot)
                {
                    await ReleaseAsync(connection, taken, holder);
                    return null;
                }

                taken.Add((scope, slot));
            }
        }

        return new Held(this, taken, holder);
    }

    public ValueTask DisposeAsync() => _database?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<int?> TryTakeAsync(NpgsqlConnection connection, string scope, int limit, string holder, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        // Starting at a random slot spreads replicas racing for the same scope over different rows.
        var start = Random.Shared.Next(limit);
        for (var i = 0; i < limit; i++)
        {
            var slot = (start + i) % limit;
            await using var take = new NpgsqlCommand("""
                INSERT INTO cluster_slots (scope, slot, holder, expires_at) VALUES (@scope, @slot, @holder, @expires)
                ON CONFLICT (scope, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE cluster_slots.expires_at < @now
                """, connection);
            take.Parameters.AddWithValue("scope", scope);
            take.Parameters.AddWithValue("slot", slot);
            take.Parameters.AddWithValue("holder", holder);
            take.Parameters.AddWithValue("expires", now + Hold);
            take.Parameters.AddWithValue("now", now);
            if (await take.ExecuteNonQueryAsync(cancellationToken) == 1)
                return slot;
        }

        return null;
    }

    private async Task RenewAsync(IReadOnlyList<(string Scope, int Slot)> taken, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await _database!.OpenAsync(cancellationToken);
        foreach (var (scope, slot) in taken)
        {
            await using var renew = new NpgsqlCommand("UPDATE cluster_slots SET expires_at = @expires WHERE scope = @scope AND slot = @slot AND holder = @holder", connection);
            renew.Parameters.AddWithValue("scope", scope);
            renew.Parameters.AddWithValue("slot", slot);
            renew.Parameters.AddWithValue("holder", holder);
            renew.Parameters.AddWithValue("expires", _time.GetUtcNow() + Hold);
            await renew.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection, IReadOnlyList<(string Scope, int Slot)> taken, string holder)
    {
        foreach (var (scope, slot) in taken)
        {
            await using var release = new NpgsqlCommand("DELETE FROM cluster_slots WHERE scope = @scope AND slot = @slot AND holder = @holder", connection);
            release.Parameters.AddWithValue("scope", scope);
            release.Parameters.AddWithValue("slot", slot);
            release.Parameters.AddWithValue("holder", holder);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Slots held by one pass: renewed while it runs, released when it ends (or left to expire if the database is away then).</summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly ClusterSlots _slots;
        private readonly IReadOnlyList<(string Scope, int Slot)> _taken;
        private readonly string _holder;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Held(ClusterSlots slots, IReadOnlyList<(string Scope, int Slot)> taken, string holder)
        {
            _slots = slots;
            _taken = taken;
            _holder = holder;
            _renewing = RenewWhileHeldAsync();
        }

        private async Task RenewWhileHeldAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Hold / 3, _slots._time, _stop.Token);
                    try
                    {
                        await _slots.RenewAsync(_taken, _holder, _stop.Token);
                    }
                    catch (DbException ex)
                    {
                        Log.SlotRenewalFailed(_slots._logger, ex.GetType().Name, ex.Message);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try
            {
                await using var connection = await _slots._database!.OpenAsync(CancellationToken.None);
                await ReleaseAsync(connection, _taken, _holder);
            }
            catch (DbException ex)
            {
                Log.SlotRenewalFailed(_slots._logger, ex.GetType().Name, ex.Message);
            }
        }
    }
}
