using System.CommandLine;
using MigrationBot.Cli.Input;
using MigrationBot.Engine.Verify;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli.Commands;

/// <summary><c>verify</c>: compares source and target folder by folder (counts, bytes, flags, keywords, dates).</summary>
public static class VerifyCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers)
    {
        var common = new CommonOptions();
        return CliCommand.Create(
            "verify",
            "Compare every migrated folder of source and target: message counts, a SHA-256 of each message's bytes, flags, keywords and internal dates.",
            common,
            [],
            error,
            loggers,
            async (result, logging, cancellationToken) =>
            {
                var options = common.MigrationOptions(result);
                var jobs = await JobBuilder.BuildAsync(common, result, cancellationToken);
                var logger = logging.CreateLogger("MigrationBot.Cli");
                Log.CommandStarted(logger, "verify", jobs.Count, result.GetValue(common.Csv)!.FullName);
                var exit = ExitCodes.Success;
                foreach (var job in jobs)
                {
                    var verification = await Verifier.VerifyAsync(job, options, logging.CreateLogger(typeof(Verifier).FullName!), cancellationToken);
                    exit = ExitCodes.Combine(exit, ExitFor(verification));
                    output.WriteLine($"{job.EmailAddress}: {Verdict(verification)}");
                    if (verification.Error is not null)
                    {
                        output.WriteLine($"  {verification.Error}");
                        Log.NotVerified(logger, job.EmailAddress, verification.Error);
                    }

                    foreach (var folder in verification.Folders)
                        output.WriteLine($"  {(folder.IsIdentical ? "ok  " : "DIFF")} {folder}");
                }

                return exit;
            });
    }

    private static string Verdict(MailboxVerification verification) =>
        verification.FailureKind is not null ? "not verified" : verification.IsIdentical ? "identical" : "DIFFERENT";

    /// <summary>A mailbox that could not be compared exits as that failure (3, 4, 5), not as a difference (6).</summary>
    private static int ExitFor(MailboxVerification verification) =>
        verification.FailureKind is { } kind ? ExitCodes.For(kind)
        : verification.IsIdentical ? ExitCodes.Success
        : ExitCodes.Differences;
}
