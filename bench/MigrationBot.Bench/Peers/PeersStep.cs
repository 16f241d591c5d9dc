using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.Peers;

/// <summary>
/// The peers on one kind of target, in the benchmark's run and on its source: for each peer, its full copy (the median of
/// the runs, each into a fresh target) and a no-change pass over the last copy (the median of its own runs). Every mailbox is then counted on the target,
/// and a peer that left messages behind is said so in a line and in its row, not passed off as a faster figure.
/// </summary>
internal sealed class PeersStep(IReadOnlyList<IPeer> peers, int runs, int noChangeRuns, string work, bool verbose, TextWriter output)
{
    public async Task<IReadOnlyList<Figure>> RunAsync(
        string label, DovecotServer source, IReadOnlyList<string> users, Func<string, string> targetUserOf,
        Func<CancellationToken, Task<DovecotServer>> startTarget, long bytes, CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var user in users)
            expected[targetUserOf(user)] = await MailboxFolders.CountAsync(source, user, cancellationToken);

        var figures = new List<Figure>();
        foreach (var (peer, index) in peers.Select((p, i) => (p, i)))
        {
            var copies = new List<(PeerRun.Result Run, DovecotCpu.Servers Servers, int Copied)>();
            for (var run = 0; run < runs; run++)
            {
                var target = await startTarget(cancellationToken);
                var mailboxes = users.Select(u => Mailbox(source, u, target, targetUserOf(u), $"peer{index}-run{run}")).ToList();
                var (full, fullServers) = await DovecotCpu.DuringAsync(() => PeerRun.RunAsync(peer, mailboxes, cancellationToken), source, target, cancellationToken);
                copies.Add((full, fullServers, await VerifyAsync(peer, "full copy", full, target, expected, cancellationToken)));
                if (run < runs - 1)
                {
                    await target.DisposeAsync();
                    continue;
                }

                await using (target)
                {
                    var (median, medianServers, copied) = Medians.Of(copies, c => c.Run.Elapsed);
                    figures.Add(Row(label, peer, $"{Summary.PeerFullCopy}{(runs > 1 ? $" (median of {runs})" : "")}", copied, expected, bytes, median, medianServers));
                    var passes = new List<(PeerRun.Result Run, DovecotCpu.Servers Servers, int Left)>();
                    for (var pass = 0; pass < noChangeRuns; pass++)
                    {
                        var (again, againServers) = await DovecotCpu.DuringAsync(() => PeerRun.RunAsync(peer, mailboxes, cancellationToken), source, target, cancellationToken);
                        passes.Add((again, againServers, await VerifyAsync(peer, "no-change pass", again, target, expected, cancellationToken)));
                    }

                    var (middle, middleServers, left) = passes.OrderBy(p => p.Run.Elapsed).ElementAt(passes.Count / 2);
                    figures.Add(Row(label, peer, $"{Summary.PeerNoChange}{(noChangeRuns > 1 ? $" (median of {noChangeRuns})" : "")}", left, expected, 0, middle, middleServers));
                }
            }
        }

        return figures;
    }

    private PeerMailbox Mailbox(DovecotServer source, string user, DovecotServer target, string targetUser, string run)
    {
        var directory = Path.Combine(work, "peers", run, targetUser);
        Directory.CreateDirectory(directory);
        return new PeerMailbox(source, user, target, targetUser, directory);
    }

    private static Figure Row(string label, IPeer peer, string what, int copied, Dictionary<string, IReadOnlyDictionary<string, int>> expected, long bytes, PeerRun.Result run, DovecotCpu.Servers servers)
    {
        var total = expected.Values.Sum(c => c.Values.Sum());
        var complete = copied == total && run.Failures.Count == 0;
        return new Figure(label, $"{peer.Name}{what}{(complete ? "" : " INCOMPLETE")}", copied,
            total == 0 ? 0 : bytes * copied / total, run.Elapsed, run.PeakRss, run.Cpu, servers);
    }

    /// <summary>How many of the source's messages the target holds (at most the source's count per folder); says which folders are off.</summary>
    private async Task<int> VerifyAsync(
        IPeer peer, string pass, PeerRun.Result run, DovecotServer target, Dictionary<string, IReadOnlyDictionary<string, int>> expected, CancellationToken cancellationToken)
    {
        foreach (var failure in run.Failures)
            output.WriteLine(failure);
        if (verbose)
        {
            foreach (var text in run.Outputs.Where(o => o.Trim().Length > 0))
                output.WriteLine($"{peer.Name}, {pass}: {text.Trim()}");
        }

        var copied = 0;
        foreach (var (user, folders) in expected)
        {
            var found = await MailboxFolders.CountAsync(target, user, cancellationToken);
            foreach (var folder in folders.Keys.Union(found.Keys))
            {
                var (want, got) = (folders.GetValueOrDefault(folder), found.GetValueOrDefault(folder));
                if (want != got)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{peer.Name}, {pass}: {user}'s '{folder}' has {got} messages on the target, {want} on the source"));
                copied += Math.Min(want, got);
            }
        }

        return copied;
    }
}
