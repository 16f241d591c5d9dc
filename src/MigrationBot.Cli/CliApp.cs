using System.CommandLine;
using MigrationBot.Cli.Commands;

namespace MigrationBot.Cli;

/// <summary>The command tree; tests run it in-process with their own writers.</summary>
public static class CliApp
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("MigrationBot: copy IMAP mailboxes into Microsoft 365 exactly once, from a CSV in Exchange's IMAP-migration format.")
        {
            MigrateCommand.Create(output, error),
            PlanCommand.Create(output, error),
            VerifyCommand.Create(output, error),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        Create(output, error).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
}
