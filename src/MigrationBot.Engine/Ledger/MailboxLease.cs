using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// One pass's exclusive hold on a mailbox, kept in the ledger's store so every process using that store sees it:
/// two passes over one mailbox (overlapping schedules, a retry while an incremental runs) would append the same
/// messages and claim each other's copies in recovery. The lease expires unless renewed; it is renewed while the
/// pass runs, on a connection of its own, and released when the pass ends. If it is lost anyway (the store was
/// unreachable past the expiry and another pass took over), <see cref="Lost"/> is cancelled so this pass stops.
/// </summary>
internal sealed class MailboxLease : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _mailbox;
    private readonly LeaseOwner _owner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;

    private MailboxLease(SqliteConnection connection, string mailbox, LeaseOwner owner, TimeProvider time, TimeSpan duration)
    {
        _connection = connection;
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
        SqliteConnection connection, string mailbox, TimeProvider time, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            return await TakeAsync(connection, mailbox, time, duration, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<MailboxLease> TakeAsync(
        SqliteConnection connection, string mailbox, TimeProvider time, TimeSpan duration, CancellationToken cancellationToken)
    {
        var owner = LeaseOwner.ForThisProcess();
        var now = time.GetUtcNow();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT owner, acquired_at, expires_at FROM ledger_leases WHERE mailbox=$m";
            read.Parameters.AddWithValue("$m", mailbox);
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    var holder = LeaseOwner.Parse(reader.GetString(0));
                    var acquired = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                    var expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
                    if (expires > now && holder is not null && !holder.IsGoneFromThisMachine())
                        throw new MailboxBusyException(string.Create(CultureInfo.InvariantCulture,
                            $"another pass over {mailbox} is running ({holder.Describe()}, since {acquired:yyyy-MM-dd HH:mm:ss} UTC); " +
                            $"this pass did not start. If that process is gone, its hold ends at {expires:yyyy-MM-dd HH:mm:ss} UTC."));
                }
            }

            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = """
                INSERT INTO ledger_leases (mailbox, owner, acquired_at, expires_at) VALUES ($m, $o, $a, $e)
                ON CONFLICT (mailbox) DO UPDATE SET owner=$o, acquired_at=$a, expires_at=$e
                """;
            write.Parameters.AddWithValue("$m", mailbox);
            write.Parameters.AddWithValue("$o", owner.ToString());
            write.Parameters.AddWithValue("$a", now.ToUnixTimeMilliseconds());
            write.Parameters.AddWithValue("$e", (now + duration).ToUnixTimeMilliseconds());
            await write.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return new MailboxLease(connection, mailbox, owner, time, duration);
    }

    private async Task RenewAsync()
    {
        // A third of the lease: two renewals can fail (a locked or slow store) before it lapses.
        var interval = _duration / 3;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _time, _stop.Token);
                try
                {
                    await using var renew = _connection.CreateCommand();
                    renew.CommandText = "UPDATE ledger_leases SET expires_at=$e WHERE mailbox=$m AND owner=$o";
                    renew.Parameters.AddWithValue("$m", _mailbox);
                    renew.Parameters.AddWithValue("$o", _owner.ToString());
                    renew.Parameters.AddWithValue("$e", (_time.GetUtcNow() + _duration).ToUnixTimeMilliseconds());
                    if (await renew.ExecuteNonQueryAsync(_stop.Token) == 0)
                    {
                        await _lost.CancelAsync();
                        return;
                    }
                }
                catch (SqliteException)
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
            await using var release = _connection.CreateCommand();
            release.CommandText = "DELETE FROM ledger_leases WHERE mailbox=$m AND owner=$o";
            release.Parameters.AddWithValue("$m", _mailbox);
            release.Parameters.AddWithValue("$o", _owner.ToString());
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (SqliteException)
        {
            // Released by expiry instead.
        }

        await _connection.DisposeAsync();
        _stop.Dispose();
        _lost.Dispose();
    }
}
