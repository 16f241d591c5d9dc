using System.Globalization;
using MigrationBot.Engine.Reports;

namespace MigrationBot.Cli.Output;

/// <summary>The closing table of a run: one line per mailbox, then the totals.</summary>
public static class SummaryPrinter
{
    public static void Print(MigrationReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"mailbox",-36} {"outcome",-20} {"copied",8} {"skipped",8} {"failed",7} {"MB",9} {"seconds",8}"));
        foreach (var m in report.Mailboxes)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.EmailAddress,-36} {m.Outcome,-20} {m.Copied,8} {m.Skipped,8} {m.Failed,7} {m.Bytes / 1048576.0,9:0.0} {m.Duration.TotalSeconds,8:0.0}"));
            if (m.Error is not null)
                output.WriteLine($"    {m.Error}");
        }

        var seconds = (report.FinishedAt - report.StartedAt).TotalSeconds;
        var copied = report.Mailboxes.Sum(m => m.Copied);
        var bytes = report.Mailboxes.Sum(m => m.Bytes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Mailboxes.Count(m => m.Outcome == MailboxOutcome.Succeeded)}/{report.Mailboxes.Count} mailboxes succeeded; {copied} messages, {bytes / 1048576.0:0.0} MB in {seconds:0.0} s ({(seconds > 0 ? copied / seconds : 0):0} msg/s)"));
    }
}
