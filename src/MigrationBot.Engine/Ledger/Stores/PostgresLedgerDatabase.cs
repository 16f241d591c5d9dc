using System.Data.Common;
using Microsoft.Extensions.Logging;
using MigrationBot.Engine.Storage;
using Npgsql;

namespace MigrationBot.Engine.Ledger.Stores;

/// <summary>
/// The ledger in PostgreSQL, shared by every replica of the host: a mailbox taken over by another replica goes on from
/// what the first one committed, and the mailbox leases are seen by all. The tables are the area <c>ledger</c> of the
/// database's explicit schema versions (<see cref="PostgresDatabase"/>), upgraded at first use.
/// </summary>
internal sealed class PostgresLedgerDatabase(string connectionString, ILogger? logger) : LedgerDatabase
{
    private readonly PostgresDatabase _database = new(connectionString, "ledger", LedgerSchema.PostgresMigrations, logger);

    public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) => await _database.OpenAsync(cancellationToken);

    public override bool IsUnreachable(Exception exception) => exception switch
    {
        // Connection refused, reset or timed out, and the server starting or shutting down (57P01-57P03) or out of
        // connections (53300): the same statement on a new connection may work later.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        _ => false,
    };

    public override bool SendsBatches => true;

    public override ValueTask DisposeAsync() => _database.DisposeAsync();
}
