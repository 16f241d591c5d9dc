using Npgsql;

namespace MigrationBot.IntegrationTests.Fixtures;

/// <summary>The private PostgreSQL server the store tests run on: it starts, answers, and gives each test its own database.</summary>
public sealed class PostgresServerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task TheServer_StartsOnLoopback_AndAnswersSelectVersion()
    {
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT version()", connection);

        var version = (string)(await query.ExecuteScalarAsync())!;

        Assert.StartsWith("PostgreSQL ", version, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", fixture.Server.Host);
        Assert.NotEqual(5432, fixture.Server.Port);
    }

    [Fact]
    public async Task EachDatabaseAskedFor_IsNewAndEmpty()
    {
        var first = await fixture.Server.CreateDatabaseAsync(CancellationToken.None);
        var second = await fixture.Server.CreateDatabaseAsync(CancellationToken.None);

        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task WithoutPostgreSqlInstalled_TheFixtureFails_SayingWhatToRun()
    {
        var empty = Directory.CreateTempSubdirectory("no-postgresql-").FullName;
        try
        {
            var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => Servers.PostgresInstall.FindAsync(empty, CancellationToken.None));

            Assert.Contains("run scripts/install-deps.sh", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task AServerWhoseTestProcessDied_IsStoppedAndRemovedByTheNextStart()
    {
        await using var orphan = await Servers.PostgresServer.StartAsync(CancellationToken.None);
        var orphanRoot = Path.GetDirectoryName(orphan.DataDirectory)!;
        using (var exited = System.Diagnostics.Process.Start("true"))
        {
            await exited.WaitForExitAsync();
            await File.WriteAllTextAsync(Path.Combine(orphanRoot, "owner.pid"), exited.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await using var next = await Servers.PostgresServer.StartAsync(CancellationToken.None);

        Assert.False(Directory.Exists(orphanRoot));
        await using var connection = new NpgsqlConnection(orphan.ConnectionString("postgres") + ";Pooling=false;Timeout=2");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    [Fact]
    public async Task AWrongPassword_IsRefused()
    {
        var wrong = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionString("postgres")) { Password = "not-the-password", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(wrong);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task TheServer_RunsAsAnUnprivilegedUser()
    {
        await using var connection = new NpgsqlConnection(fixture.Server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await query.ExecuteScalarAsync())!;

        var status = await File.ReadAllLinesAsync($"/proc/{backend}/status");

        var uid = status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.NotEqual("0", uid);
    }
}
