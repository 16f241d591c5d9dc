using System.Data.Common;
using System.Globalization;
using MigrationBot.Engine.Ledger.Stores;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// One pass's exclusive hold on a mailbox, kept in the ledger's store so every process using that store sees it:
/// two passes over one mailbox (overlapping schedules, a retry while an incremental runs, two replicas) would append
/// the same messages and claim each other's copies in recovery. The lease expires unless renewed; it is renewed while
/// the pass runs and released when the pass ends. If it is lost anyway (the store was unreachable past the expiry
/// and another pass took over), <see cref="Lost"/> is cancelled so this pass stops.
/// </summary>
/// <remarks>
/// Taking the lease is a compare-and-set (an insert that does nothing if a row exists, or an update of exactly the
/// row that was read), so it is atomic on SQLite and on PostgreSQL under READ COMMITTED alike: of two passes racing
/// for a free or expired lease, one wins and the other reads the winner and refuses.
/// </remarks>
internal sealed class MailboxLease : IAsyncDisposable
{
    private readonly LedgerDatabase _database;
    private readonly string _mailbox;
    private readonly LeaseOwner _owner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private MailboxLease(LedgerDatabase database, string mailbox, LeaseOwner owner, TimeProvider time, TimeSpan duration)
    {
        _database = database;
        _mailbox = mailbox;
        _owner = owner;
        _time = time;
        _duration = duration;
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled if another pass took the lease over (this one's renewals failed past its expiry).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <exception cref="MailboxBusyException">Another live pass holds the lease.</exception>
    public static async Task<MailboxLease> AcquireAsync(
        LedgerDatabase database, string mailbox, TimeProvider time, TimeSpan duration, CancellationToken cancellationToken)
    {
        var owner = LeaseOwner.ForThisProcess();
        await using var connection = await database.ConnectAsync(cancellationToken);
        // A lost race is tried again: the row read next is the winner's, which refuses (or has ended, and is taken).
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var held = await ReadAsync(connection, mailbox, cancellationToken);
            if (held is { } current && current.Expires > now && current.Holder is not null && !current.Holder.IsGoneFromThisMachine())
            {
                throw new MailboxBusyException(string.Create(CultureInfo.InvariantCulture,
                    $"another pass over {mailbox} is running ({current.Holder.Describe()}, since {current.Acquired:yyyy-MM-dd HH:mm:ss} UTC); " +
                    $"this pass did not start. If that process is gone, its hold ends at {current.Expires:yyyy-MM-dd HH:mm:ss} UTC."), current.Expires);
            }

            if (await TryTakeAsync(connection, mailbox, owner, held, now, duration, cancellationToken))
                return new MailboxLease(database, mailbox, owner, time, duration);
            if (attempt >= 3)
                throw new MailboxBusyException($"another pass over {mailbox} took its hold at the same moment; this pass did not start.", now + duration);
        }
    }

    private sealed record Held(string Owner, LeaseOwner? Holder, DateTimeOffset Acquired, DateTimeOffset Expires, long ExpiresAt);

    private static async Task<Held?> ReadAsync(DbConnection connection, string mailbox, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT owner, acquired_at, expires_at FROM ledger_leases WHERE mailbox=@m";
        read.With("m", mailbox);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var owner = reader.GetString(0);
        var expiresAt = reader.GetInt64(2);
        return new Held(owner, LeaseOwner.Parse(owner), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(expiresAt), expiresAt);
    }

    private static async Task<bool> TryTakeAsync(
        DbConnection connection, string mailbox, LeaseOwner owner, Held? held, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var take = connection.CreateCommand();
        take.CommandText = held is null
            ? "INSERT INTO ledger_leases (mailbox, owner, acquired_at, expires_at) VALUES (@m, @o, @a, @e) ON CONFLICT (mailbox) DO NOTHING"
            : "UPDATE ledger_leases SET owner=@o, acquired_at=@a, expires_at=@e WHERE mailbox=@m AND owner=@old AND expires_at=@oldExpires";
        take.With("m", mailbox).With("o", owner.ToString()).With("a", now.ToUnixTimeMilliseconds()).With("e", (now + duration).ToUnixTimeMilliseconds());
        if (held is not null)
            take.With("old", held.Owner).With("oldExpires", held.ExpiresAt);
        return await take.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task RenewAsync()
    {
        // A third of the lease: two renewals can fail (a locked, slow or restarting store) before it lapses.
        var interval = _duration / 3;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                // The wait's end at the pass's end is not an exception: throwing one cost each pass close to a millisecond (AOT's first unwind).
                await Task.Delay(interval, _time, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (_stop.IsCancellationRequested)
                    return;
                try
                {
                    await using var connection = await _database.ConnectAsync(_stop.Token);
                    await using var renew = connection.CreateCommand();
                    renew.CommandText = "UPDATE ledger_leases SET expires_at=@e WHERE mailbox=@m AND owner=@o";
                    renew.With("m", _mailbox).With("o", _owner.ToString()).With("e", (_time.GetUtcNow() + _duration).ToUnixTimeMilliseconds());
                    if (await renew.ExecuteNonQueryAsync(_stop.Token) == 0)
                    {
                        await _lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is DbException or IOException or TimeoutException)
                {
                    // Tried again at the next interval; the lease lasts three of them.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            await using var connection = await _database.ConnectAsync(CancellationToken.None);
            await using var release = connection.CreateCommand();
            release.CommandText = "DELETE FROM ledger_leases WHERE mailbox=@m AND owner=@o";
            release.With("m", _mailbox).With("o", _owner.ToString());
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException)
        {
            // Released by expiry instead.
        }

        _stop.Dispose();
        _lost.Dispose();
    }
}
