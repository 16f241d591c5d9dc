using System.CommandLine;
using MigrationBot.Cli.Input;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli.Commands;

/// <summary>
/// Builds a command with its options and runs it with the loggers <c>--verbose</c> asks for. A failure the user
/// can fix (<see cref="InputException"/>: nothing was started) is one line and exit code 2; a file the run cannot
/// read or write is one line and exit code 1; anything else is a bug: one line, and its stack trace in the log.
/// </summary>
internal static class CliCommand
{
    public static Command Create(
        string name,
        string description,
        CommonOptions common,
        IEnumerable<Option> options,
        TextWriter error,
        Func<bool, ILoggerFactory> loggers,
        Func<ParseResult, ILoggerFactory, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var option in common.All.Concat(options))
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var factory = loggers(result.GetValue(common.Verbose));
            var logger = factory.CreateLogger("MigrationBot.Cli");
            try
            {
                return await run(result, factory, cancellationToken);
            }
            catch (InputException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Unexpected;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("cancelled: what was committed is kept in the ledger; the next run goes on from there");
                return ExitCodes.Cancelled;
            }
            catch (Exception ex)
            {
                Log.UnexpectedError(logger, name, ex);
                await error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message} (a bug in MigrationBot; the log on stderr has the details)");
                return ExitCodes.Unexpected;
            }
        });
        return command;
    }
}
