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

    /// <summary>Runs the command line with the given loggers (<c>--verbose</c> picks their level).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers, CancellationToken cancellationToken) =>
        Create(output, error, loggers).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
