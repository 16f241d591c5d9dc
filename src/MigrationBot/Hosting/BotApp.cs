using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigrationBot.Batches;
using MigrationBot.BotFramework;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using MigrationBot.Dns;
using MigrationBot.Graph;
using MigrationBot.Notices;
using MigrationBot.Storage.Protection;
using MigrationBot.Telemetry;

namespace MigrationBot.Hosting;

/// <summary>Builds the whole web host; <c>Program.cs</c> and the end-to-end tests both start here.</summary>
public static class BotApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="configure">Lets tests replace configuration or services before the app is built.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseConsoleLogFormat();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.AddConversations(builder.Configuration);
        builder.Services.AddCredentialProtection(builder.Configuration);
        builder.Services.AddChat();
        builder.Services.AddGraph(builder.Configuration);
        builder.Services.AddDnsChecks(builder.Configuration);
        builder.Services.AddNotices(builder.Configuration);
        builder.Services.AddBatches(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapMetrics();
        app.MapHealth();
        app.MapBotMessages();
        WarnIfWeakened(app);
        return app;
    }

    private static void WarnIfWeakened(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<BotOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotApp));
            if (options.DangerouslyAllowUnauthenticatedRequests && app.Environment.IsDevelopment())
            {
                Log.UnauthenticatedModeOn(logger);
            }

            var graph = app.Services.GetRequiredService<IOptions<GraphOptions>>().Value;
            if (GraphOptionsValidator.Honoured(graph, app.Environment))
            {
                Log.LoopbackGraphOn(logger, graph.BaseUrl.GetLeftPart(UriPartial.Path));
            }

            if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Services.GetRequiredService<KeyProtectionOptions>().CertificatePath))
            {
                Log.KeyRingUnencrypted(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotApp)));
            }

            if (options.DangerouslyOverrideOpenIdMetadataUrl is { } metadataUrl && app.Environment.IsDevelopment())
            {
                Log.MetadataOverrideOn(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotApp)), metadataUrl.AbsoluteUri);
            }
        });
    }
}
