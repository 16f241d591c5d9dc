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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
