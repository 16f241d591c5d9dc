using System.Data.Common;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>
/// Where the ledger's tables live: a SQLite file (the CLI's and a single host's default) or PostgreSQL shared by every
/// replica. The ledger speaks SQL both accept (named <c>@parameters</c>, <c>ON CONFLICT</c> upserts); this says how
/// to connect and which failures mean "the database is away for now" rather than "this write is wrong".
/// </summary>
internal abstract class LedgerDatabase : IAsyncDisposable
{
    /// <summary>An open connection, the ledger's tables in place.</summary>
    public abstract Task<DbConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="exception"/> says the database could not be reached or dropped the connection
    /// (a restart, a failover, a network cut): the same work, on a new connection, may succeed later.
    /// </summary>
    public abstract bool IsUnreachable(Exception exception);

    /// <summary>
    /// True when many statements should go to the server as one batch (one round trip over the network); false for an
    /// in-process database, where one prepared statement run per item is faster.
    /// </summary>
    public virtual bool SendsBatches => false;

    public abstract ValueTask DisposeAsync();
}
