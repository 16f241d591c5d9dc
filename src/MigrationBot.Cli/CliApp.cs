using System.CommandLine;
using MigrationBot.Cli.Commands;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli;

/// <summary>The command tree; tests run it in-process with their own writers and loggers.</summary>
public static class CliApp
{
    public static RootCommand Create(TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers)
    {
        var root = new RootCommand("MigrationBot: copy IMAP mailboxes into Microsoft 365 exactly once, from a CSV in Exchange's IMAP-migration format.")
        {
            MigrateCommand.Create(output, error, loggers),
            PlanCommand.Create(output, error, loggers),
            VerifyCommand.Create(output, error, loggers),
        };
        return root;
    }

    /// <summary>Runs the command line, logging to stderr (<see cref="CliLogging.Console"/>).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, CliLogging.Console, cancellationToken);

    /// <summary>
    /// Runs the command line. A command line that does not parse (an unknown option, a missing required one, a value
    /// of the wrong kind) is bad input: each problem on one line, exit code 2, nothing started.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers, CancellationToken cancellationToken)
    {
        var parsed = Create(output, error, loggers).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per problem: System.CommandLine lists an enum's values on lines of their own.
            foreach (var problem in parsed.Errors)
            {
                var lines = problem.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                await error.WriteLineAsync($"error: {lines[0]} {string.Join(", ", lines.Skip(1))}".TrimEnd());
            }

            await error.WriteLineAsync("(--help lists every command and option)");
            return ExitCodes.BadInput;
        }

        // Program.cs turns Ctrl-C into cancellation; System.CommandLine's own handler would end the process two
        // seconds later, before an interrupted migrate has written its summary and report.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }
}
