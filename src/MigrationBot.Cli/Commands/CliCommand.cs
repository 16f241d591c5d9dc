using System.CommandLine;
using MigrationBot.Cli.Input;

namespace MigrationBot.Cli.Commands;

/// <summary>Builds a command with its options and turns an <see cref="InputException"/> into one line and exit code 2.</summary>
internal static class CliCommand
{
    public static Command Create(
        string name, string description, IEnumerable<Option> options, TextWriter error, Func<ParseResult, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        foreach (var option in options)
            command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await run(result, cancellationToken);
            }
            catch (InputException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
