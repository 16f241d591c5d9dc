using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace MigrationBot.Hosting;

/// <summary>
/// Console logs are one JSON object per line outside Development (what a container's log collector parses: level,
/// category, event id, the message and its named values as separate fields), and the readable simple format in
/// Development. <c>Logging:Console:FormatterName</c> (<c>simple</c>, <c>json</c>, <c>systemd</c>) overrides either.
/// </summary>
public static class ConsoleLogFormat
{
    public const string FormatterNameKey = "Logging:Console:FormatterName";

    public static WebApplicationBuilder UseConsoleLogFormat(this WebApplicationBuilder builder)
    {
        // Decided when the options are read, not now: configuration added after this call (tests, hosting) still counts.
        builder.Services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
        {
            if (string.IsNullOrWhiteSpace(configuration[FormatterNameKey]))
                options.FormatterName = For(environment);
        });
        builder.Services.AddOptions<JsonConsoleFormatterOptions>().PostConfigure(options =>
        {
            if (options.TimestampFormat is null)
            {
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            }
        });
        return builder;
    }

    /// <summary>The formatter when none is configured.</summary>
    public static string For(IHostEnvironment environment) =>
        environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json;
}
