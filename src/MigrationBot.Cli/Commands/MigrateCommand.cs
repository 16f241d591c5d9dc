using System.CommandLine;
using MigrationBot.Cli.Input;
using MigrationBot.Cli.Output;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using Microsoft.Extensions.Logging;

namespace MigrationBot.Cli.Commands;

/// <summary><c>migrate</c>: one pass (initial or incremental) over every mailbox of the CSV, with a report.</summary>
public static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<bool, ILoggerFactory> loggers)
    {
        var common = new CommonOptions();
        var ledger = new Option<FileInfo>("--ledger") { Description = "The ledger file that makes reruns incremental and crash-safe.", DefaultValueFactory = _ => new FileInfo("migrationbot-ledger.db") };
        var report = new Option<DirectoryInfo>("--report") { Description = "Directory for report.json, report.csv, skipped.csv and keywords-not-stored.csv.", DefaultValueFactory = _ => new DirectoryInfo("migrationbot-report") };
        var concurrency = new Option<int>("--concurrency") { Description = "Mailboxes copied at once (1-100).", DefaultValueFactory = _ => 20 };
        var appenders = new Option<int>("--append-connections") { Description = "Target connections per mailbox (0: 1 with MULTIAPPEND, else 4).", DefaultValueFactory = _ => 0 };
        var errorLimit = new Option<int>("--error-limit") { Description = "Failed messages after which a mailbox stops.", DefaultValueFactory = _ => 50 };

        return CliCommand.Create(
            "migrate",
            "Copy every mailbox of the CSV from the source to the target; a rerun copies only what is new and re-syncs flags.",
            common,
            [ledger, report, concurrency, appenders, errorLimit],
            error,
            loggers,
            async (result, logging, cancellationToken) =>
            {
                var options = common.MigrationOptions(result, result.GetValue(concurrency), result.GetValue(appenders), result.GetValue(errorLimit));
                var jobs = await JobBuilder.BuildAsync(common, result, cancellationToken);
                var directory = result.GetValue(report)!;
                WritablePaths.EnsureReportDirectory(directory);
                var store = await WritablePaths.OpenLedgerAsync(result.GetValue(ledger)!, error, cancellationToken);
                Log.CommandStarted(logging.CreateLogger("MigrationBot.Cli"), "migrate", jobs.Count, result.GetValue(common.Csv)!.FullName);
                output.WriteLine($"Migrating {jobs.Count} mailbox(es) from {jobs[0].Source} to {jobs[0].Target}");
                var run = await new MigrationRunner(store, new MemoryBudget(), options, TimeProvider.System, logging.CreateLogger<MigrationRunner>())
                    .RunAsync(jobs, new ProgressPrinter(output, TimeProvider.System), cancellationToken);
                SummaryPrinter.Print(run, output);
                // Also after Ctrl-C: the report says what was done before the run stopped.
                await ReportWriter.WriteAsync(run, directory.FullName, CancellationToken.None);
                output.WriteLine($"Report written to {directory.FullName}");
                return ExitCodes.For(run);
            });
    }
}
