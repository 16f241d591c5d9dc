using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MigrationBot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The <c>service.name</c> of every metric (Prometheus: <c>target_info{service_name="migrationbot"}</c>).</summary>
    public const string ServiceName = "migrationbot";

    /// <summary>The host's meter (<see cref="BotMetrics"/>) through OpenTelemetry, read by the Prometheus exporter.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection("Metrics")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<BotMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(BotMetrics.MeterName).AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Serves the scrape endpoint (<see cref="MetricsOptions"/>), and creates the instruments at start so that the
    /// observable ones (queue depth, throttle events) are there before the first pass or activity.
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>();
        // At start, not now: the instruments need options (the bot's) that are validated when the host starts.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<BotMetrics>());
        // The middleware form, not MapPrometheusScrapingEndpoint: it takes a predicate, which can look at the local port.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => options.Value.Serves(context.Request.Path, context.Connection.LocalPort));
        return app;
    }
}
