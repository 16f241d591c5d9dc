using MigrationBot.Conversations;

namespace MigrationBot.Tests.Conversations;

/// <summary>The contract on the SQLite file (in a folder that does not exist yet).</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-store-").FullName;

    protected override Task<StoreOptions> EmptyStoreAsync() => Task.FromResult(new StoreOptions { SqlitePath = Path.Combine(_directory, "nested", "bot.db") });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
