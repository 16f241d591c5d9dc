using MigrationBot.Engine.Ledger;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Tests.Ledger;

namespace MigrationBot.IntegrationTests.Ledger;

/// <summary>The ledger's contract on PostgreSQL, a fresh database per test (reopened: the same database again).</summary>
public sealed class PostgresMailboxLedgerTests(PostgresFixture fixture) : MailboxLedgerContract, IClassFixture<PostgresFixture>
{
    private string? _connectionString;

    protected override async Task<MigrationLedger> OpenLedgerAsync()
    {
        _connectionString ??= await fixture.Server.CreateDatabaseAsync(CancellationToken.None);
        return await MigrationLedger.OpenPostgreSqlAsync(_connectionString, TimeProvider.System, CancellationToken.None);
    }
}
