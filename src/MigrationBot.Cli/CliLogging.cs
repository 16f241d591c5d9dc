using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MigrationBot.Cli;

/// <summary>
/// The CLI's logging: one plain line per entry on stderr, whatever its level, so stdout stays the command's answer
/// (the plan, the progress, the summary) and a script can keep the two apart. Warnings and errors by default;
/// <c>--verbose</c> adds Information and Debug.
/// </summary>
public static class CliLogging
{
    public static ILoggerFactory Console(bool verbose) => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(format =>
        {
            format.SingleLine = true;
            format.TimestampFormat = "HH:mm:ss ";
            format.UseUtcTimestamp = true;
            format.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
