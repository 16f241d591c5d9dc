using System.Diagnostics;

namespace MigrationBot.Bench.Peers;

/// <summary>
/// One pass of a peer over every mailbox at once, one process per mailbox (as MigrationBot's CLI runs its mailboxes):
/// wall time from the first start to the last exit, CPU summed over the processes, peak RSS the largest of them.
/// </summary>
internal static class PeerRun
{
    public sealed record Result(TimeSpan Elapsed, TimeSpan Cpu, long PeakRss, IReadOnlyList<string> Failures, IReadOnlyList<string> Outputs);

    public static async Task<Result> RunAsync(IPeer peer, IReadOnlyList<PeerMailbox> mailboxes, CancellationToken cancellationToken)
    {
        var commands = mailboxes.Select(peer.Prepare).ToList();
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(commands.Select((command, i) =>
            TimedProcess.RunAsync(command.Arguments, command.Environment, mailboxes[i].WorkDirectory, cancellationToken)));
        clock.Stop();
        var failures = runs.Select((run, i) => (run, mailbox: mailboxes[i]))
            .Where(r => r.run.ExitCode != 0)
            .Select(r => $"{peer.Name} for {r.mailbox.TargetUser} exited with {r.run.ExitCode}: {Tail(r.run.Output)}")
            .ToList();
        return new Result(clock.Elapsed, TimeSpan.FromTicks(runs.Sum(r => r.Cpu.Ticks)), runs.Max(r => r.PeakRss), failures, runs.Select(r => r.Output).ToList());
    }

    private static string Tail(string output) => string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
}
