using Microsoft.Data.Sqlite;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Tests.Batches;

public sealed class SqliteBatchStoreTests : BatchStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("batch-store-").FullName;

    protected override async Task<IBatchStore> OpenEmptyAsync() =>
        await SqliteBatchStore.OpenAsync(Path.Combine(_directory, "migrationbot.db"), Time, CancellationToken.None);

    [Fact]
    public async Task Reopen_TheSameFile_KeepsBatchesUsersAndHistory()
    {
        var path = Path.Combine(_directory, "migrationbot.db");
        var first = await SqliteBatchStore.OpenAsync(path, Time, CancellationToken.None);
        var batch = await first.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        await first.MoveAsync(batch.Id, MigrationBot.Batches.Lifecycle.BatchState.Created, MigrationBot.Batches.Lifecycle.BatchState.Validating, "scheduler", CancellationToken.None);

        var reopened = await SqliteBatchStore.OpenAsync(path, Time, CancellationToken.None);

        Assert.Equal(MigrationBot.Batches.Lifecycle.BatchState.Validating, (await reopened.GetAsync(batch.Id, CancellationToken.None))!.State);
        Assert.Single(await reopened.UsersAsync(batch.Id, CancellationToken.None));
        Assert.Equal(2, (await reopened.HistoryAsync(batch.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Open_ADatabaseWrittenBeforeTheProfileAndProgressColumns_AddsThemAndReadsItsUsers()
    {
        var path = Path.Combine(_directory, "old.db");
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE batch_users (batch_id TEXT NOT NULL, email_address TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, user_name TEXT NOT NULL,
                  user_root TEXT, secret TEXT, copied INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
                  failed INTEGER NOT NULL DEFAULT 0, passes INTEGER NOT NULL DEFAULT 0, last_sync_at INTEGER, initial_done INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY (batch_id, email_address));
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = await SqliteBatchStore.OpenAsync(path, Time, CancellationToken.None);
        var batch = await store.CreateAsync(Draft("wave2", "user:a", "ann@contoso.com"), CancellationToken.None);
        await store.SetProfileAsync(batch.Id, "ann@contoso.com", new UserProfile("aad-1", "Ann", "UTC", "en-GB"), CancellationToken.None);

        await store.SetProgressAsync(batch.Id, "ann@contoso.com", Time.GetUtcNow(), CancellationToken.None);
        await store.MarkStallAlertedAsync(batch.Id, "ann@contoso.com", Time.GetUtcNow(), CancellationToken.None);

        var user = (await store.UsersAsync(batch.Id, CancellationToken.None)).Single();
        Assert.Equal(new UserProfile("aad-1", "Ann", "UTC", "en-GB"), user.Profile);
        Assert.Equal((Time.GetUtcNow(), Time.GetUtcNow()), (user.ProgressAt, user.StallAlertedFor));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
