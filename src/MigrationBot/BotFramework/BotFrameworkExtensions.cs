using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Auth;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Messages;

namespace MigrationBot.BotFramework;

public static class BotFrameworkExtensions
{
    /// <summary>Options, inbound token validation, the Connector client and the background activity worker.</summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotOptions>()
            .Bind(configuration)
            .Bind(configuration.GetSection("Bot"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotOptions>, BotOptionsValidator>();
        services.AddOptions<ConnectorRetryOptions>().Bind(configuration.GetSection("Bot:ConnectorRetry"));
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(OpenIdMetadata.HttpClientName);
        services.AddSingleton(sp => OpenIdMetadata.CreateManager(
            sp.GetRequiredService<IOptions<BotOptions>>().Value.EffectiveOpenIdMetadataUrl,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenIdMetadata.HttpClientName)));
        services.AddSingleton<ChannelTokenValidator>();

        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<IBotTokenSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BotOptions>>().Value;
            return options.HasCredentials
                ? new CredentialTokenSource(BotCredentials.Create(options), sp.GetRequiredService<TimeProvider>())
                : new AnonymousTokenSource();
        });
        services.AddSingleton<OutboundRateLimiter>();
        services.AddHttpClient<ConnectorClient>(http => http.Timeout = TimeSpan.FromSeconds(30));

        services.AddSingleton<ActivityQueue>();
        services.AddHostedService<ActivityWorker>();
        return services;
    }

    /// <summary><c>POST /api/messages</c>. Authentication is done inside, where the activity is known.</summary>
    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", MessagesEndpoint.HandleAsync);
        return endpoints;
    }
}
