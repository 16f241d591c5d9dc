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
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        // A TokenCredential registered under the key "graph" replaces the client-credential flow (tests: a stand-in tenant);
        // so does the placeholder of Graph:DangerouslyUseLoopbackWithoutToken (the local demo's stand-in), Development only.
        services.AddSingleton(sp =>
        {
            var graph = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            var credential = sp.GetKeyedService<TokenCredential>(CredentialKey)
                ?? (GraphOptionsValidator.Honoured(graph, sp.GetRequiredService<IHostEnvironment>()) ? new LoopbackDevCredential() : null);
            return GraphAccess.Create(graph, sp.GetRequiredService<IOptions<TargetOptions>>().Value, credential);
        });
        services.AddSingleton<TeamsAppCatalog>();
        services.AddSingleton<TeamsAppInstaller>();
        return services;
    }
}
