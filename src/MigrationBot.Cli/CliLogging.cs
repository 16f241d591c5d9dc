using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli;

/// <summary>
/// The CLI's logging: one plain line per entry on stderr, whatever its level, so stdout stays the command's answer
/// (the plan, the progress, the summary) and a script can keep the two apart. Warnings and errors by default;
/// <c>--verbose</c> adds Information and Debug. Built without a service container or configuration binding: in a
/// short run those cost more start-up CPU than all the lines it logs.
/// </summary>
public static class CliLogging
{
    public static ILoggerFactory Console(bool verbose) =>
        new LoggerFactory([new StandardErrorLoggerProvider(System.Console.Error)], new LoggerFilterOptions { MinLevel = verbose ? LogLevel.Debug : LogLevel.Warning });
}
