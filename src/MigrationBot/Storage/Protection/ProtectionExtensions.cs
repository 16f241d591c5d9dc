using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Conversations;

namespace MigrationBot.Storage.Protection;

public static class ProtectionExtensions
{
    /// <summary>
    /// Data Protection with its keys in the application's SQLite file (<c>Store:SqlitePath</c>), and
    /// <see cref="CredentialProtector"/>.
    /// </summary>
    public static IServiceCollection AddCredentialProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStoreOptions(configuration);
        // A fixed application name: the default is the content root path, so a host moved to another folder
        // (a new container image, a new release directory) could not unprotect what it stored before.
        services.AddDataProtection().SetApplicationName("MigrationBot");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<StoreOptions>>((keys, store) => keys.XmlRepository =
                new SqliteXmlRepository(store.Value.SqlitePath ?? throw new InvalidOperationException("Store:SqlitePath is not set.")));
        services.AddSingleton<CredentialProtector>();
        return services;
    }
}
