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

    public sealed record Result(int Messages, int BatchSize, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? ServerCpu)
    {
        public double MicrosecondsPerMessage => Elapsed.TotalMicroseconds / Messages;

        public double CpuMicrosecondsPerMessage => Cpu.TotalMicroseconds / Messages;

        public double? ServerCpuMicrosecondsPerMessage => ServerCpu?.TotalMicroseconds / Messages;
    }

    public static string What(int batchSize) => string.Create(CultureInfo.InvariantCulture, $"ledger: MarkInFlight then Commit, {batchSize} messages a batch");

    /// <param name="serverCpu">The database server's CPU so far, or null (SQLite runs in this process).</param>
    public static async Task<Result> MeasureAsync(MigrationLedger ledger, int messages, Func<TimeSpan?> serverCpu, CancellationToken cancellationToken)
    {
        var size = new MigrationOptions().BatchMaxMessages;
        await RecordAsync(ledger, "ledger-warm-up@bench.example", Batches(4 * size, size), cancellationToken);

        var batches = Batches(messages, size);
        await using var mailbox = await ledger.ForMailboxAsync("ledger@bench.example", cancellationToken);
        var (server, cpu, clock) = (serverCpu(), Environment.CpuUsage.TotalTime, Stopwatch.StartNew());
        await RecordAsync(mailbox, batches, cancellationToken);
        clock.Stop();
        return new Result(messages, size, clock.Elapsed, Environment.CpuUsage.TotalTime - cpu, serverCpu() - server);
    }

    private static async Task RecordAsync(MigrationLedger ledger, string mailbox, List<(List<LedgerEntry> Entries, List<Commit> Commits)> batches, CancellationToken cancellationToken)
    {
        await using var ledgerOfMailbox = await ledger.ForMailboxAsync(mailbox, cancellationToken);
        await RecordAsync(ledgerOfMailbox, batches, cancellationToken);
    }

    private static async Task RecordAsync(MailboxLedger mailbox, List<(List<LedgerEntry> Entries, List<Commit> Commits)> batches, CancellationToken cancellationToken)
    {
        foreach (var (entries, commits) in batches)
        {
            await mailbox.MarkInFlightAsync(Folder, UidValidity, entries, cancellationToken);
            await mailbox.CommitAsync(Folder, UidValidity, commits, cancellationToken);
        }
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
