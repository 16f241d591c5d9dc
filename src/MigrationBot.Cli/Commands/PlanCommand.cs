using System.CommandLine;
using MigrationBot.Cli.Input;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli.Commands;

/// <summary><c>plan</c>: logs in to both sides and prints where every folder will go, copying nothing.</summary>
public static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers)
    {
        var common = new CommonOptions();
        return CliCommand.Create(
            "plan",
            "Show, per mailbox, where each source folder will go on the target (and which are not migrated). Copies nothing.",
            common,
            [],
            error,
            loggers,
            async (result, logging, cancellationToken) =>
            {
                var options = common.MigrationOptions(result);
                var jobs = await JobBuilder.BuildAsync(common, result, cancellationToken);
                var logger = logging.CreateLogger("MigrationBot.Cli");
                Log.CommandStarted(logger, "plan", jobs.Count, result.GetValue(common.Csv)!.FullName);
                var exit = ExitCodes.Success;
                foreach (var job in jobs)
                {
                    output.WriteLine($"{job.EmailAddress}:");
                    try
                    {
                        using var source = await ImapSession.OpenAsync(job.Source, job.SourceLogin, cancellationToken);
                        using var target = await ImapSession.OpenAsync(job.Target, job.TargetLogin, cancellationToken);
                        var plan = await MailboxMigrator.PlanAsync(source, target, job.UserRoot, options.Folders, cancellationToken);
                        output.Write(plan.Render());
                    }
                    catch (ImapFailure failure)
                    {
                        output.WriteLine($"  {failure.Message}");
                        Log.NotPlanned(logger, job.EmailAddress, failure.Message);
                        exit = ExitCodes.Combine(exit, ExitCodes.For(failure.Kind));
                    }
                }

                return exit;
            });
    }
}
