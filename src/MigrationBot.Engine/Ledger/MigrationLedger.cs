using Microsoft.Extensions.Logging;
using MigrationBot.Engine.Ledger.Stores;

namespace MigrationBot.Engine.Ledger;

/// <summary>
/// The persistent record of what has been copied, for every mailbox of a run: a SQLite file (the CLI's, and a single
/// host's) or PostgreSQL shared by the host's replicas, so a mailbox taken over by another replica goes on from what
/// was committed and the mailbox leases hold across replicas. Every mailbox works through its own connection.
/// </summary>
public sealed class MigrationLedger : IAsyncDisposable
{
    private readonly LedgerDatabase _database;
    private readonly TimeProvider _time;

    private MigrationLedger(LedgerDatabase database, TimeProvider time, ILogger? logger)
    {
        _database = database;
        _time = time;
        Outages = new LedgerOutages(database, time, logger);
    }

    /// <summary>How long a pass's hold on its mailbox lasts unless renewed (it is renewed every third of this).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the ledger's database may be unreachable before a pass waiting on it fails (PostgreSQL only; a SQLite file is never away).</summary>
    public TimeSpan OutageTolerance
    {
        get => Outages.GiveUpAfter;
        set => Outages.GiveUpAfter = value;
    }

    internal LedgerOutages Outages { get; }

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>.</summary>
    public static async Task<MigrationLedger> OpenAsync(string path, CancellationToken cancellationToken) =>
        await OpenAsync(path, TimeProvider.System, cancellationToken);

    /// <summary>Opens (creating if needed) the ledger file at <paramref name="path"/>, with the clock its leases use.</summary>
    public static async Task<MigrationLedger> OpenAsync(string path, TimeProvider time, CancellationToken cancellationToken) =>
        new(await SqliteLedgerDatabase.OpenAsync(path, cancellationToken), time, null);

    /// <summary>
    /// The ledger in a PostgreSQL database (its tables created or upgraded on first use, beside any other area's).
    /// </summary>
    /// <param name="logger">Told of schema upgrades and outages; never the connection string.</param>
    public static async Task<MigrationLedger> OpenPostgreSqlAsync(string connectionString, TimeProvider time, ILogger? logger, CancellationToken cancellationToken)
    {
        var database = new PostgresLedgerDatabase(connectionString, logger);
        var ledger = new MigrationLedger(database, time, logger);
        try
        {
            // The schema now, so a wrong connection string or a newer schema is told at once, not at the first pass.
            await ledger.Outages.RunAsync(async () =>
            {
                await using var connection = await database.ConnectAsync(cancellationToken);
                return true;
            }, null, cancellationToken);
            return ledger;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>As <see cref="OpenPostgreSqlAsync(string, TimeProvider, ILogger?, CancellationToken)"/>, without a logger.</summary>
    public static Task<MigrationLedger> OpenPostgreSqlAsync(string connectionString, TimeProvider time, CancellationToken cancellationToken) =>
        OpenPostgreSqlAsync(connectionString, time, null, cancellationToken);

    /// <summary>
    /// The ledger of one mailbox (keyed by its target address), held for one pass: it takes the mailbox's lease, so
    /// a second pass over the same mailbox refuses while this one runs. Dispose it when the pass ends.
    /// </summary>
    /// <exception cref="MailboxBusyException">Another pass over this mailbox is running.</exception>
    public async Task<MailboxLedger> ForMailboxAsync(string mailbox, CancellationToken cancellationToken)
    {
        var key = mailbox.ToLowerInvariant();
        var lease = await Outages.RunAsync(() => MailboxLease.AcquireAsync(_database, key, _time, LeaseDuration, cancellationToken), null, cancellationToken);
        return new MailboxLedger(key, _database, Outages, lease);
    }

    /// <summary>A connection to the ledger's database, for readers outside a pass (tests, the benchmark).</summary>
    internal Task<System.Data.Common.DbConnection> ConnectAsync(CancellationToken cancellationToken) => _database.ConnectAsync(cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
