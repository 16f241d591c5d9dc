using System.Data.Common;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.Engine.Storage;

namespace MigrationBot.Storage;

/// <summary>
/// One area's tables in the application database, whichever it is (<c>Store:Provider</c>): the SQLite file, or
/// PostgreSQL shared by every replica. For stores whose SQL both speak (named <c>@parameters</c>, <c>ON CONFLICT</c>
/// upserts, plain types): each gives its SQLite DDL and its PostgreSQL migrations, and gets connections.
/// </summary>
public sealed class AppDatabase : IDisposable
{
    private readonly SqliteFile? _sqlite;
    private readonly PostgresDatabase? _postgres;

    public AppDatabase(StoreOptions options, string area, string sqliteSchema, IReadOnlyList<SchemaMigration> postgresMigrations)
    {
        if (options.UsesPostgreSql)
            _postgres = new PostgresDatabase(options.PostgreSqlConnectionString ?? throw new InvalidOperationException("Store:PostgreSqlConnectionString is not set."), area, postgresMigrations);
        else
            _sqlite = new SqliteFile(options.SqlitePath ?? throw new InvalidOperationException("Store:SqlitePath is not set."), sqliteSchema);
    }

    public AppDatabase(IOptions<StoreOptions> options, string area, string sqliteSchema, IReadOnlyList<SchemaMigration> postgresMigrations)
        : this(options.Value, area, sqliteSchema, postgresMigrations)
    {
    }

    /// <summary>An open connection, the area's tables created (or upgraded) on first use.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        _postgres is not null ? await _postgres.OpenAsync(cancellationToken) : await _sqlite!.OpenAsync(cancellationToken);

    public void Dispose()
    {
        _sqlite?.Dispose();
        _postgres?.Dispose();
    }
}
