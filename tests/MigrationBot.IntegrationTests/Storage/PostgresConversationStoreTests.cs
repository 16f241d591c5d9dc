using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Tests.Conversations;

namespace MigrationBot.IntegrationTests.Storage;

/// <summary>The conversation store's and people directory's contract on PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresConversationStoreTests(PostgresFixture fixture) : ConversationStoreContract, IClassFixture<PostgresFixture>
{
    protected override async Task<StoreOptions> EmptyStoreAsync() => new()
    {
        Provider = StoreOptions.PostgreSql,
        PostgreSqlConnectionString = await fixture.Server.CreateDatabaseAsync(CancellationToken.None),
    };
}
