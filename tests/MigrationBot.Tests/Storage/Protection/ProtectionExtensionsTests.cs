using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;
using MigrationBot.Engine.Secrets;
using MigrationBot.Storage.Protection;

namespace MigrationBot.Tests.Storage.Protection;

public sealed class ProtectionExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("credential-protection-").FullName;

    [Fact]
    public async Task AddCredentialProtection_InAWebHostBesideConversations_KeepsKeysInTheStoreFile()
    {
        var path = Path.Combine(_directory, "bot.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = _directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:SqlitePath"] = path });
        builder.Logging.ClearProviders();
        builder.Services.AddConversations(builder.Configuration);
        builder.Services.AddCredentialProtection(builder.Configuration);
        await using var app = builder.Build();

        var protector = app.Services.GetRequiredService<CredentialProtector>();
        var keyId = ProtectionHost.KeyIdOf(protector.Protect(new Secret("web-host-secret")));

        Assert.Equal(path, app.Services.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath);
        var repository = Assert.IsType<SqliteXmlRepository>(app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Contains(repository.GetAllElements(), e => (string?)e.Attribute("id") == keyId.ToString("D"));
        Assert.Equal(1L, CountKeys(path));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static long CountKeys(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM dataprotection_keys";
        return (long)command.ExecuteScalar()!;
    }
}
