using System.Globalization;
using MigrationBot.Bench.HostBatch;
using MigrationBot.Bench.Peers;

namespace MigrationBot.Bench;

/// <summary>The lines under the table: the engine against its aims, the host's batch against the CLI, and each peer against the engine run the peers' way.</summary>
internal static class Summary
{
    public const string EngineFullCopy = "MigrationBot full copy";
    public const string EngineNoChange = "MigrationBot incremental, nothing new";
    public const string PeerFullCopy = ": full copy";
    public const string PeerNoChange = ": no-change pass";

    public static IEnumerable<string> Lines(IReadOnlyList<Figure> figures)
    {
        foreach (var target in figures.Select(f => f.Target).Distinct().Where(t => !t.StartsWith("source", StringComparison.Ordinal)))
        {
            var rows = figures.Where(f => f.Target == target).ToList();
            var ceiling = rows.Single(f => f.What.StartsWith("write ceiling", StringComparison.Ordinal));
            var full = rows.Single(f => f.What.StartsWith(EngineFullCopy, StringComparison.Ordinal));
            var incremental = rows.Single(f => f.What.StartsWith(EngineNoChange, StringComparison.Ordinal));
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{target}: full copy at {full.MessagesPerSecond / ceiling.MessagesPerSecond:P0} of the write ceiling (aim >= 70%); " +
                $"no-change incremental {incremental.Elapsed.TotalSeconds:0.00} s for {incremental.Messages} messages (aim <= 2 s per 10,000); " +
                $"peak RSS {full.PeakRssBytes / 1048576.0:0} MB (aim <= 200 MB)");
            if (Host(target, rows, full) is { } host)
                yield return host;
            foreach (var line in Peers(target, rows))
                yield return line;
        }
    }

    /// <summary>The host's batch beside the CLI's full copy of the same corpus: its initial sync should lose at most 10% to progress and the database.</summary>
    private static string? Host(string target, List<Figure> rows, Figure cli)
    {
        var sync = rows.FirstOrDefault(f => f.What.StartsWith(HostBatchStep.InitialSync, StringComparison.Ordinal));
        var submit = rows.FirstOrDefault(f => f.What.StartsWith(HostBatchStep.SubmitToSynced, StringComparison.Ordinal));
        var warm = rows.FirstOrDefault(f => f.What.StartsWith(HostBatchStep.WarmSync, StringComparison.Ordinal));
        if (sync is null || submit is null || warm is null)
            return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{target}: host batch initial sync at {sync.MessagesPerSecond / cli.MessagesPerSecond:0.00}x the CLI full copy's msg/s (aim >= 0.90), " +
            $"a 2nd batch in the same host at {warm.MessagesPerSecond / cli.MessagesPerSecond:0.00}x; " +
            $"submit to Synced {submit.Elapsed.TotalSeconds:0.00} s against the sync's {sync.Elapsed.TotalSeconds:0.00} s; " +
            $"host peak RSS {sync.PeakRssBytes / 1048576.0:0} MB (the CLI's {cli.PeakRssBytes / 1048576.0:0} MB), CPU over the sync {sync.Cpu?.TotalSeconds:0.0} s (the CLI's {cli.Cpu?.TotalSeconds:0.0} s, its start-up included)");
    }

    /// <summary>Each peer beside MigrationBot's CLI run the same way, one process per mailbox.</summary>
    private static IEnumerable<string> Peers(string target, List<Figure> rows)
    {
        Figure? Row(string peer, string pass) => rows.FirstOrDefault(f => f.What.StartsWith(peer + pass, StringComparison.Ordinal));
        var names = rows.Where(f => f.What.Contains(PeerFullCopy, StringComparison.Ordinal))
            .Select(f => f.What[..f.What.IndexOf(PeerFullCopy, StringComparison.Ordinal)])
            .Where(n => n != MigrationBotPeer.Label);
        if (Row(MigrationBotPeer.Label, PeerFullCopy) is not { } engine || Row(MigrationBotPeer.Label, PeerNoChange) is not { } engineAgain)
            yield break;
        foreach (var name in names)
        {
            var (peer, peerAgain) = (Row(name, PeerFullCopy)!, Row(name, PeerNoChange)!);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{target}, one process per mailbox: MigrationBot's full copy at {engine.MessagesPerSecond / peer.MessagesPerSecond:0.00}x {name}'s msg/s, " +
                $"CPU {engine.Cpu?.TotalSeconds / peer.Cpu?.TotalSeconds:0.00}x, peak RSS {(double?)engine.PeakRssBytes / peer.PeakRssBytes:0.00}x; " +
                $"no-change pass {engineAgain.Elapsed.TotalSeconds:0.00} s against {peerAgain.Elapsed.TotalSeconds:0.00} s; " +
                $"CPU of the copier and both servers together {AllCpu(engine)} s against {AllCpu(peer)} s");
        }
    }

    /// <summary>
    /// The copier's CPU and the two servers' over a run: on a machine they share, the figure the wall time follows
    /// (dsync writes the target's storage itself, so its own CPU holds what the target server does for the others).
    /// </summary>
    private static string AllCpu(Figure figure) =>
        figure.Cpu is { } cpu && figure.Servers is { Source: { } source, Target: { } target }
            ? (cpu + source + target).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)
            : "-";
}
