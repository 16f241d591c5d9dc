using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MigrationBot.Engine.Storage;

/// <summary>One step of an area's schema: the DDL that brings it from <c>Version - 1</c> to <c>Version</c>.</summary>
/// <param name="Sql">Idempotent DDL (<c>IF NOT EXISTS</c>), so a step that ran without its version being recorded runs again harmlessly.</param>
public sealed record SchemaMigration(int Version, string Sql);

/// <summary>
/// One area's tables in the application's PostgreSQL database. On first use, once, the area's migrations newer than the
/// version recorded in <c>schema_versions</c> run in one transaction and the new version is recorded with them; a
/// transaction-scoped advisory lock makes replicas starting together upgrade one after the other, not at once. A
/// database whose area is at a version newer than this build knows is refused: an older build must not write to it.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    // Any fixed number: every MigrationBot replica takes the same lock before it looks at or changes a schema.
    private const long SchemaLock = 0x4D42_5343_4845_4D41; // "MBSCHEMA"

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnectionStringBuilder _where;
    private readonly ILogger _logger;
    private readonly string _area;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <param name="migrations">Versions 1, 2, … in order.</param>
    /// <param name="logger">Told the schema version once, with the server and database (never the connection string: it may hold a password).</param>
    public PostgresDatabase(string connectionString, string area, IReadOnlyList<SchemaMigration> migrations, ILogger? logger = null)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ArgumentException($"the {area} migrations must be versions 1, 2, … in order; #{i} is version {migrations[i].Version}", nameof(migrations));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= "MigrationBot";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _where = new NpgsqlConnectionStringBuilder { Host = builder.Host, Port = builder.Port, Database = builder.Database };
        _logger = logger ?? NullLogger.Instance;
        _area = area;
        _migrations = migrations;
    }

    /// <summary>The schema version this build writes.</summary>
    public int LatestVersion => _migrations.Count;

    /// <summary>An open connection, after the area's schema is brought up to date (the first call only).</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
            await EnsureSchemaAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaGate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaGate.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
                return;
            await UpgradeAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLock.ToString(CultureInfo.InvariantCulture)})", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_versions (
                area        text        NOT NULL PRIMARY KEY,
                version     integer     NOT NULL,
                upgraded_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken);
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"the database's {_area} tables are at schema version {current}, newer than this build of MigrationBot knows ({LatestVersion}): run the newer build, it must not be written to by an older one");
        }

        if (current < LatestVersion)
            await MigrateAsync(connection, transaction, current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.PostgresSchemaReady(_logger, _area, _where.Database, _where.Host, _where.Port, LatestVersion, current);
    }

    private async Task MigrateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int current, CancellationToken cancellationToken)
    {
        foreach (var migration in _migrations.Where(m => m.Version > current))
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_versions (area, version) VALUES (@area, @version) ON CONFLICT (area) DO UPDATE SET version = excluded.version, upgraded_at = now()",
            connection, transaction))
        {
            record.Parameters.AddWithValue("area", _area);
            record.Parameters.AddWithValue("version", LatestVersion);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT version FROM schema_versions WHERE area = @area", connection, transaction);
        read.Parameters.AddWithValue("area", _area);
        return await read.ExecuteScalarAsync(cancellationToken) is int version ? version : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
