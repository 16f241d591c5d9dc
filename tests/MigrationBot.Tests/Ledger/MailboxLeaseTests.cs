using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Tests.Ledger;

public sealed class MailboxLeaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lease-test-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private Task<MigrationLedger> OpenAsync() => MigrationLedger.OpenAsync(Path.Combine(_directory, "ledger.db"), _time, CancellationToken.None);

    private async Task PlantLeaseAsync(string owner, DateTimeOffset expires)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "ledger.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ledger_leases (mailbox, owner, acquired_at, expires_at) VALUES ('ann@contoso.com', $o, 0, $e)";
        command.Parameters.AddWithValue("$o", owner);
        command.Parameters.AddWithValue("$e", expires.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task ForMailbox_WhileAnotherPassHoldsIt_RefusesNamingTheHolder()
    {
        var ledger = await OpenAsync();
        await using var first = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<MailboxBusyException>(() => ledger.ForMailboxAsync("Ann@Contoso.com", CancellationToken.None));

        Assert.Contains("another pass over ann@contoso.com is running", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForMailbox_AfterTheHolderEnded_Succeeds()
    {
        var ledger = await OpenAsync();
        await (await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None)).DisposeAsync();

        await using var second = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        Assert.False(second.LeaseLost.IsCancellationRequested);
    }

    [Fact]
    public async Task ForMailbox_OtherMailboxes_AreNotHeldByOnesLease()
    {
        var ledger = await OpenAsync();
        await using var ann = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        await using var bob = await ledger.ForMailboxAsync("bob@contoso.com", CancellationToken.None);
    }

    [Fact]
    public async Task ForMailbox_LeaseLeftByAProcessOfThisMachineThatIsGone_IsTakenOverAtOnce()
    {
        var ledger = await OpenAsync();
        // A pid no process has (above Linux's pid_max), as a killed CLI leaves behind.
        await PlantLeaseAsync($"{Environment.MachineName}/99999999/1/{Guid.NewGuid():N}", _time.GetUtcNow().AddMinutes(2));

        await using var taken = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        Assert.False(taken.LeaseLost.IsCancellationRequested);
    }

    [Fact]
    public async Task ForMailbox_LeaseOfAnotherMachine_IsRespectedUntilItExpires()
    {
        var ledger = await OpenAsync();
        await PlantLeaseAsync($"replica-2/42/1/{Guid.NewGuid():N}", _time.GetUtcNow().AddMinutes(2));

        var refused = await Assert.ThrowsAsync<MailboxBusyException>(() => ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None));
        Assert.Contains("process 42 on replica-2", refused.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await using var taken = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
    }

    [Fact]
    public async Task Lease_RenewedWhileThePassRuns_StillHoldsPastItsFirstExpiry()
    {
        var ledger = await OpenAsync();
        await using var first = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);

        // Ten renewal intervals: without renewals the lease (2 min) would have lapsed three times over.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(40));
            await WaitForRenewalAsync();
        }

        Assert.False(first.LeaseLost.IsCancellationRequested);
        await Assert.ThrowsAsync<MailboxBusyException>(() => ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None));
    }

    [Fact]
    public async Task Lease_TakenOverByAnotherPassAfterItLapsed_CancelsLost()
    {
        var ledger = await OpenAsync();
        await using var first = await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "ledger.db")}"))
        {
            await connection.OpenAsync();
            await using var steal = connection.CreateCommand();
            steal.CommandText = "UPDATE ledger_leases SET owner='replica-2/42/1/00000000000000000000000000000000'";
            await steal.ExecuteNonQueryAsync();
        }

        _time.Advance(TimeSpan.FromSeconds(40));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!first.LeaseLost.IsCancellationRequested && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        Assert.True(first.LeaseLost.IsCancellationRequested);
    }

    /// <summary>The renewal runs on the thread pool once the fake clock fires its timer: waits until it has written.</summary>
    private async Task WaitForRenewalAsync()
    {
        var expected = (_time.GetUtcNow() + TimeSpan.FromMinutes(2)).ToUnixTimeMilliseconds();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "ledger.db")}");
        await connection.OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT expires_at FROM ledger_leases WHERE mailbox='ann@contoso.com'";
            if (await read.ExecuteScalarAsync() is long expires && expires >= expected)
                return;
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
