using MigrationBot.Conversations;

namespace MigrationBot.Tests.Notices;

/// <summary>The notice delivery record's contract on the SQLite file.</summary>
public sealed class SqliteNoticeDeliveryStoreTests : NoticeDeliveryStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-deliveries-").FullName;

    protected override Task<StoreOptions> EmptyStoreAsync() => Task.FromResult(new StoreOptions { SqlitePath = Path.Combine(_directory, "bot.db") });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
