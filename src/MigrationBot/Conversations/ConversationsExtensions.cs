using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationBot.Conversations;

public static class ConversationsExtensions
{
    /// <summary>The SQLite reference store, its readiness check, the recorder and <see cref="ProactiveMessenger"/>.</summary>
    public static IServiceCollection AddConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStoreOptions(configuration);
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<ConversationRecorder>();
        services.AddTransient<TeamsUserLookup>();
        services.AddTransient<ProactiveMessenger>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [StoreHealthCheck.ReadyTag]);
        return services;
    }

    /// <summary>
    /// <see cref="StoreOptions"/> from <c>Store</c>, defaulting the path under the content root and validated at start-up
    /// (<see cref="StoreOptionsValidator"/>). Every area that uses the store calls this; registering it twice is harmless
    /// (the same section is bound, the default only fills a gap, the validator is added once).
    /// </summary>
    internal static OptionsBuilder<StoreOptions> AddStoreOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        return services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection("Store"))
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.SqlitePath ??= Path.Combine(environment.ContentRootPath, ".run", "migrationbot.db"))
            .ValidateOnStart();
    }
}

/// <summary>Ready when the store opens and answers a query.</summary>
internal sealed class StoreHealthCheck(ConversationStore store) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The SQLite store cannot be opened.", ex);
        }
    }
}
