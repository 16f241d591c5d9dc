using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Endpoints;

namespace MigrationBot.Graph;

public static class GraphExtensions
{
    public const string CredentialKey = "graph";

    /// <summary>
    /// Graph when credentials are configured (<see cref="GraphOptions"/>, else <c>Target</c>'s): readiness checks, the
    /// bot's app installed for users (<see cref="TeamsAppInstaller"/>); the SDK's own middleware (retries honouring
    /// <c>Retry-After</c>, redirects) over a named HttpClient.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>()
            .Bind(configuration.GetSection("Graph"))
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                if (options.TeamsAppManifestPath is { Length: > 0 } path)
                    options.TeamsAppManifestPath = Path.GetFullPath(path, environment.ContentRootPath);
            });
        // A TokenCredential registered under the key "graph" replaces the client-credential flow (tests: a stand-in tenant).
        services.AddSingleton(sp => GraphAccess.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value, sp.GetRequiredService<IOptions<TargetOptions>>().Value,
            sp.GetKeyedService<TokenCredential>(CredentialKey)));
        services.AddSingleton<TeamsAppCatalog>();
        services.AddSingleton<TeamsAppInstaller>();
        return services;
    }
}
