using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Storage;
using MigrationBot.Conversations;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Conversations;

/// <summary><c>Store:Provider</c> chooses the store; a provider not known, or PostgreSQL without a connection string, stops the start.</summary>
public sealed class StoreOptionsTests : IDisposable
{
    private const string Password = "correct-horse-battery-staple";
    private static readonly StoreOptionsValidator Validator = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-store-").FullName;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("sqlite")]
    public void Sqlite_NeedsNothingMore(string provider)
    {
        Assert.True(Validator.Validate(null, new StoreOptions { Provider = provider }).Succeeded);
    }

    [Fact]
    public void TheDefault_IsSqlite()
    {
        Assert.Equal(StoreOptions.Sqlite, new StoreOptions().Provider);
        Assert.True(Validator.Validate(null, new StoreOptions()).Succeeded);
    }

    [Fact]
    public void AnUnknownProvider_IsRefusedNamingTheOnesThatAreKnown()
    {
        var result = Validator.Validate(null, new StoreOptions { Provider = "MySql" });

        Assert.True(result.Failed);
        Assert.Contains("Store:Provider 'MySql' is not known", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Sqlite", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("PostgreSql", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void PostgreSql_WithoutAConnectionString_IsRefusedNamingTheSetting(string? connectionString)
    {
        var result = Validator.Validate(null, new StoreOptions { Provider = "PostgreSql", PostgreSqlConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("Store:PostgreSqlConnectionString is not set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"Host=db;Password={Password};Colour=blue")]
    [InlineData($"Host=db;Password={Password};Port=not-a-port")]
    [InlineData($"Password={Password};Database=migrationbot")]
    public void PostgreSql_WithAConnectionStringItCannotUse_IsRefused_WithoutQuotingIt(string connectionString)
    {
        var result = Validator.Validate(null, new StoreOptions { Provider = "PostgreSql", PostgreSqlConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("Store:PostgreSqlConnectionString", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_WithAServer_IsAccepted()
    {
        Assert.True(Validator.Validate(null, new StoreOptions { Provider = "PostgreSql", PostgreSqlConnectionString = "Host=db;Database=migrationbot;Username=bot" }).Succeeded);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithAnUnknownProvider()
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory, new Dictionary<string, string?> { ["Store:Provider"] = "Oracle" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Store:Provider 'Oracle' is not known", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_RefusesToStart_WithPostgreSqlAndNoConnectionString()
    {
        await using var app = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory, new Dictionary<string, string?> { ["Store:Provider"] = "PostgreSql" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Store:PostgreSqlConnectionString is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithPostgreSql_TheHostsBatchStore_IsThePostgreSqlOne_AndByDefaultSqlite()
    {
        await using var postgres = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql", ["Store:PostgreSqlConnectionString"] = $"Host=127.0.0.1;Port=1;Database=migrationbot;Password={Password}",
        });
        await using var sqlite = RunningBot.Build("Production", TestIssuer.Shared, new FakeHttpHandler(), _directory);

        // Resolving opens nothing: the tables are made on first use, so no server is needed here.
        Assert.IsType<PostgresBatchStore>(postgres.Services.GetRequiredService<IBatchStore>());
        Assert.IsType<SqliteBatchStore>(sqlite.Services.GetRequiredService<IBatchStore>());
    }

    [Fact]
    public async Task TheHost_WithPostgreSqlNotAnswering_StillStarts_AndReadinessSaysNo()
    {
        await using var bot = await RunningBot.StartAsync("Production", TestIssuer.Shared, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "PostgreSql", ["Store:PostgreSqlConnectionString"] = $"Host=127.0.0.1;Port=1;Database=migrationbot;Password={Password};Timeout=2",
        });

        Assert.Equal(System.Net.HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);
        var ready = await bot.Http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain(Password, await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
