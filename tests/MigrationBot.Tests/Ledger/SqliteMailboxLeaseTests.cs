using MigrationBot.Engine.Ledger;

namespace MigrationBot.Tests.Ledger;

/// <summary>The mailbox lease's contract in a SQLite ledger file.</summary>
public sealed class SqliteMailboxLeaseTests : MailboxLeaseContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lease-test-").FullName;

    protected override Task<MigrationLedger> OpenLedgerAsync(TimeProvider time) =>
        MigrationLedger.OpenAsync(Path.Combine(_directory, "ledger.db"), time, CancellationToken.None);

    protected override ValueTask DisposeDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
