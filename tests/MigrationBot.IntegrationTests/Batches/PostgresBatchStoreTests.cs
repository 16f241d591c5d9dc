using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Tests.Batches;
using Npgsql;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>The batch store contract on a real PostgreSQL server, each test on a database of its own; then what only a server store must do.</summary>
public sealed class PostgresBatchStoreTests(PostgresFixture fixture) : BatchStoreContract, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly List<PostgresBatchStore> _stores = [];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await fixture.Server.CreateDatabaseAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
            await store.DisposeAsync();
    }

    protected override async Task<IBatchStore> OpenEmptyAsync() => await OpenAsync();

    private async Task<PostgresBatchStore> OpenAsync()
    {
        var store = await PostgresBatchStore.OpenAsync(_connectionString, Time, CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Reopen_TheSameDatabase_KeepsBatchesUsersAndHistory()
    {
        var first = await OpenAsync();
        var batch = await first.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        await first.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, "scheduler", CancellationToken.None);

        var reopened = await OpenAsync();

        Assert.Equal(BatchState.Validating, (await reopened.GetAsync(batch.Id, CancellationToken.None))!.State);
        Assert.Single(await reopened.UsersAsync(batch.Id, CancellationToken.None));
        Assert.Equal(2, (await reopened.HistoryAsync(batch.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Open_AnEmptyDatabase_RecordsTheLatestSchemaVersion()
    {
        await OpenAsync();

        Assert.Equal(PostgresBatchStore.SchemaVersion, await SchemaVersionAsync());
    }

    [Fact]
    public async Task Open_ByTwoReplicasAtOnce_UpgradesOnce_AndBothWork()
    {
        var replicas = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(OpenAsync)));

        var batch = await replicas[0].CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        Assert.Equal("wave2", (await replicas[3].GetAsync(batch.Id, CancellationToken.None))!.Name);
        Assert.Equal(PostgresBatchStore.SchemaVersion, await SchemaVersionAsync());
    }

    [Fact]
    public async Task Create_OnTwoReplicasWithTheSameName_OneIsRefused()
    {
        var (left, right) = (await OpenAsync(), await OpenAsync());

        var results = await Task.WhenAll(
            Task.Run(() => TryCreateAsync(left, "wave2")),
            Task.Run(() => TryCreateAsync(right, "Wave2")));

        Assert.Equal(1, results.Count(created => created));
        Assert.Single(await left.ListLiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Open_ADatabaseWrittenBySchemaVersion1_UpgradesItAndReadsItsUsers()
    {
        var id = Guid.NewGuid();
        const string settings = """{"source":{"host":"imap.contoso.com","port":993,"security":"Ssl"}}""";
        await ExecuteAsync($$"""
            CREATE TABLE schema_versions (area text NOT NULL PRIMARY KEY, version integer NOT NULL, upgraded_at timestamptz NOT NULL DEFAULT now());
            {{PostgresBatchSchema.Migrations[0].Sql}}
            INSERT INTO schema_versions (area, version) VALUES ('batches', 1);
            INSERT INTO batches (id, name, name_key, state, created_by, created_at, updated_at, settings)
                VALUES ('{{id}}', 'wave1', 'WAVE1', 'Syncing', 'user:a', now(), now(), '{{settings}}');
            INSERT INTO batch_users (batch_id, email_address, state, user_name, copied, initial_done) VALUES ('{{id}}', 'ann@contoso.com', 'Syncing', 'ann', 7, true);
            """);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'batch_users' AND column_name = 'progress_at'"));

        var store = await OpenAsync();

        Assert.Equal(PostgresBatchStore.SchemaVersion, await SchemaVersionAsync());
        var old = Assert.Single(await store.UsersAsync(id, CancellationToken.None));
        Assert.Equal((UserState.Syncing, 7, true, UserProfile.Unknown, (DateTimeOffset?)null), (old.State, old.Totals.Copied, old.Totals.InitialSyncDone, old.Profile, old.ProgressAt));
        await store.SetProfileAsync(id, "ann@contoso.com", new UserProfile("aad-1", "Ann", "UTC", "en-GB"), CancellationToken.None);
        await store.SetProgressAsync(id, "ann@contoso.com", Time.GetUtcNow(), CancellationToken.None);
        Assert.True(await store.MarkStallAlertedAsync(id, "ann@contoso.com", Time.GetUtcNow(), CancellationToken.None));
        var upgraded = Assert.Single(await store.UsersAsync(id, CancellationToken.None));
        Assert.Equal((new UserProfile("aad-1", "Ann", "UTC", "en-GB"), Time.GetUtcNow(), Time.GetUtcNow()), (upgraded.Profile, upgraded.ProgressAt, upgraded.StallAlertedFor));
        Assert.Equal("imap.contoso.com", (await store.GetAsync(id, CancellationToken.None))!.Settings.Source.Host);
    }

    [Fact]
    public async Task Open_ADatabaseFromANewerBuild_IsRefusedNamingBothVersions()
    {
        await OpenAsync();
        await ExecuteAsync($"UPDATE schema_versions SET version = {PostgresBatchStore.SchemaVersion + 1} WHERE area = 'batches'");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresBatchStore.OpenAsync(_connectionString, Time, CancellationToken.None));

        Assert.Contains($"schema version {PostgresBatchStore.SchemaVersion + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"({PostgresBatchStore.SchemaVersion})", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stamps_AreKeptToTheMillisecond_LikeSqlite()
    {
        var store = await OpenAsync();
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        var stamp = Time.GetUtcNow().AddTicks(1234);

        await store.SetProgressAsync(batch.Id, "ann@contoso.com", stamp, CancellationToken.None);

        var read = (await store.UsersAsync(batch.Id, CancellationToken.None)).Single().ProgressAt!.Value;
        Assert.Equal(stamp.ToUnixTimeMilliseconds(), read.ToUnixTimeMilliseconds());
        Assert.Equal(0, read.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.True(await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", read, CancellationToken.None));
    }

    private static async Task<bool> TryCreateAsync(IBatchStore store, string name)
    {
        try
        {
            await store.CreateAsync(Draft(name, "user:a"), CancellationToken.None);
            return true;
        }
        catch (BatchNameTakenException)
        {
            return false;
        }
    }

    private Task<int> SchemaVersionAsync() => ScalarAsync<int>("SELECT version FROM schema_versions WHERE area = 'batches'");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
