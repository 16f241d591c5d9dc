using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Tests.Notices;

namespace MigrationBot.IntegrationTests.Storage;

/// <summary>The notice delivery record's contract on PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresNoticeDeliveryStoreTests(PostgresFixture fixture) : NoticeDeliveryStoreContract, IClassFixture<PostgresFixture>
{
    protected override async Task<StoreOptions> EmptyStoreAsync() => new()
    {
        Provider = StoreOptions.PostgreSql,
        PostgreSqlConnectionString = await fixture.Server.CreateDatabaseAsync(CancellationToken.None),
    };
}
