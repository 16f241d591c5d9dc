using Microsoft.Extensions.Time.Testing;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Tests.Ledger;

/// <summary>
/// What a mailbox lease must do, whatever the ledger's database: each provider's test class derives from this and says
/// where a fresh, empty ledger lives.
/// </summary>
public abstract class MailboxLeaseContract : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private MigrationLedger? _ledger;

    /// <summary>A fresh, empty ledger whose leases run on <paramref name="time"/>.</summary>
    protected abstract Task<MigrationLedger> OpenLedgerAsync(TimeProvider time);

    private async Task<MigrationLedger> OpenAsync() => _ledger ??= await OpenLedgerAsync(_time);

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await (await OpenAsync()).ConnectAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.With(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private Task PlantLeaseAsync(string owner, DateTimeOffset expires) =>
        ExecuteAsync("INSERT INTO ledger_leases (mailbox, owner, acquired_at, expires_at) VALUES ('ann@contoso.com', @o, 0, @e)",
            ("o", owner), ("e", expires.ToUnixTimeMilliseconds()));

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
        await ExecuteAsync("UPDATE ledger_leases SET owner='replica-2/42/1/00000000000000000000000000000000'");

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
        await using var connection = await (await OpenAsync()).ConnectAsync(CancellationToken.None);
        while (DateTime.UtcNow < deadline)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT expires_at FROM ledger_leases WHERE mailbox='ann@contoso.com'";
            if (Convert.ToInt64(await read.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= expected)
                return;
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ForMailbox_ManyPassesRacingForAFreeLease_ExactlyOneHoldsIt()
    {
        var ledger = await OpenAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None);
            }
            catch (MailboxBusyException)
            {
                return null;
            }
        })));

        var holders = attempts.Where(a => a is not null).ToList();
        foreach (var holder in holders)
            await holder!.DisposeAsync();
        Assert.Single(holders);
    }

    [Fact]
    public async Task ForMailbox_Refused_SaysWhenTheHoldEnds()
    {
        var ledger = await OpenAsync();
        await PlantLeaseAsync($"replica-2/42/1/{Guid.NewGuid():N}", _time.GetUtcNow().AddMinutes(2));

        var refused = await Assert.ThrowsAsync<MailboxBusyException>(() => ledger.ForMailboxAsync("ann@contoso.com", CancellationToken.None));

        Assert.Equal(_time.GetUtcNow().AddMinutes(2), refused.HeldUntil);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_ledger is not null)
            await _ledger.DisposeAsync();
        await DisposeDatabaseAsync();
    }

    /// <summary>Removes what the provider's ledger left behind.</summary>
    protected virtual ValueTask DisposeDatabaseAsync() => ValueTask.CompletedTask;
}
