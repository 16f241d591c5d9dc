using MigrationBot.Engine.Ledger;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Tests.Ledger;

namespace MigrationBot.IntegrationTests.Ledger;

/// <summary>The mailbox lease's contract on PostgreSQL (one database for every replica), a fresh database per test.</summary>
public sealed class PostgresMailboxLeaseTests(PostgresFixture fixture) : MailboxLeaseContract, IClassFixture<PostgresFixture>
{
    protected override async Task<MigrationLedger> OpenLedgerAsync(TimeProvider time) =>
        await MigrationLedger.OpenPostgreSqlAsync(await fixture.Server.CreateDatabaseAsync(CancellationToken.None), time, CancellationToken.None);
}
