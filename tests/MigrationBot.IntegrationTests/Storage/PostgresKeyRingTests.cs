using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using MigrationBot.Engine.Secrets;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.Storage.Protection;
using Npgsql;

namespace MigrationBot.IntegrationTests.Storage;

/// <summary>
/// On PostgreSQL the Data Protection key ring is in the shared database: a credential one replica stored, another
/// replica (its own process, its own SQLite file) decrypts, and the SQLite file holds no key.
/// </summary>
public sealed class PostgresKeyRingTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pg-key-ring-").FullName;

    [Fact]
    public async Task ACredentialOneReplicaProtected_AnotherReplicaOnTheSameDatabaseUnprotects_AndTheKeyIsInPostgreSql()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var database = await fixture.Server.CreateDatabaseAsync(cts.Token);

        string stored;
        using (var first = Replica("a", database))
        {
            Assert.IsType<PostgresXmlRepository>(first.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
            stored = first.GetRequiredService<CredentialProtector>().Protect(new Secret("a user's IMAP password"));
        }

        using var second = Replica("b", database);
        Assert.Equal("a user's IMAP password", second.GetRequiredService<CredentialProtector>().Unprotect(stored).Reveal());
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cts.Token);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM dataprotection_keys", connection);
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(cts.Token))!);
        Assert.False(File.Exists(Path.Combine(_directory, "a.db")), "the first replica wrote a SQLite file for its keys");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One replica's credential protection: its own SQLite path (unused for keys on PostgreSQL), the shared database.</summary>
    private ServiceProvider Replica(string name, string database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = database,
            ["Store:SqlitePath"] = Path.Combine(_directory, name + ".db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _directory, EnvironmentName = "Production", ApplicationName = "MigrationBot" });
        services.AddLogging();
        services.AddCredentialProtection(configuration);
        return services.BuildServiceProvider();
    }
}
