using System.Diagnostics;
using System.Globalization;
using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Bench.Replicas;

/// <summary>
/// What the ledger costs per copied message, by itself: one mailbox's ledger records N new messages as the engine's
/// copy path does (<c>BatchAppender</c>: <see cref="MailboxLedger.MarkInFlightAsync"/> for a batch before its APPEND,
/// <see cref="MailboxLedger.CommitAsync"/> with the target's UIDs after it), in batches of the engine's
/// <see cref="MigrationOptions.BatchMaxMessages"/> (small messages never reach its byte limit), one batch after another.
/// A mailbox of a few batches goes first, untimed, so the JIT and the connection pool are warm. CPU is the bench
/// process's own (the ledger's client side) and, for a server, the server's.
/// </summary>
internal static class LedgerCost
{
    private const string Folder = "INBOX";
    private const uint UidValidity = 1;

    /// <param name="Batches">Each batch's time, in order: whether a message costs the same in a folder of 1,000 and of 100,000.</param>
    public sealed record Result(int Messages, int BatchSize, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? ServerCpu, IReadOnlyList<TimeSpan> Batches)
    {
        public double FirstQuarterMicroseconds => Quarter(Batches.Take(Math.Max(1, Batches.Count / 4)));

        public double LastQuarterMicroseconds => Quarter(Batches.TakeLast(Math.Max(1, Batches.Count / 4)));

        public double MicrosecondsPerMessage => Elapsed.TotalMicroseconds / Messages;

        public double CpuMicrosecondsPerMessage => Cpu.TotalMicroseconds / Messages;

        public double? ServerCpuMicrosecondsPerMessage => ServerCpu?.TotalMicroseconds / Messages;

        private double Quarter(IEnumerable<TimeSpan> batches)
        {
            var list = batches.ToList();
            return list.Sum(b => b.TotalMicroseconds) / (list.Count * (double)BatchSize);
        }
    }

    public static string What(int batchSize) => string.Create(CultureInfo.InvariantCulture, $"ledger: MarkInFlight then Commit, {batchSize} messages a batch");

    /// <param name="serverCpu">The database server's CPU so far, or null (SQLite runs in this process).</param>
    public static async Task<Result> MeasureAsync(MigrationLedger ledger, int messages, Func<TimeSpan?> serverCpu, CancellationToken cancellationToken)
    {
        var size = new MigrationOptions().BatchMaxMessages;
        await using (var warmUp = await ledger.ForMailboxAsync("ledger-warm-up@bench.example", cancellationToken))
            await RecordAsync(warmUp, Batches(4 * size, size), cancellationToken);

        var batches = Batches(messages, size);
        await using var mailbox = await ledger.ForMailboxAsync("ledger@bench.example", cancellationToken);
        var (server, cpu, clock) = (serverCpu(), Environment.CpuUsage.TotalTime, Stopwatch.StartNew());
        var times = await RecordAsync(mailbox, batches, cancellationToken);
        clock.Stop();
        return new Result(messages, size, clock.Elapsed, Environment.CpuUsage.TotalTime - cpu, serverCpu() - server, times);
    }

    private static async Task<List<TimeSpan>> RecordAsync(MailboxLedger mailbox, List<(List<LedgerEntry> Entries, List<Commit> Commits)> batches, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>(batches.Count);
        foreach (var (entries, commits) in batches)
        {
            var started = Stopwatch.GetTimestamp();
            await mailbox.MarkInFlightAsync(Folder, UidValidity, entries, cancellationToken);
            await mailbox.CommitAsync(Folder, UidValidity, commits, cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        return times;
    }

    /// <summary>The batches, built before the clock starts: entries as <c>BatchAppender</c> makes them, each committed at the target UID its source UID has.</summary>
    private static List<(List<LedgerEntry> Entries, List<Commit> Commits)> Batches(int messages, int size)
    {
        var date = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(1, messages).Chunk(size).Select(uids =>
        {
            var entries = uids.Select(uid => new LedgerEntry(
                (uint)uid, LedgerState.InFlight, string.Create(CultureInfo.InvariantCulture, $"m:{uid}.bench@corpus.example"), 4096, Folder, null, 1,
                MessageFlags.Seen, "", null, date.AddMinutes(uid))).ToList();
            return (entries, entries.Select(e => new Commit(e.Uid, e.Uid, null)).ToList());
        }).ToList();
    }
}
