using System.Globalization;
using MigrationBot.Bench.Replicas;

namespace MigrationBot.Bench;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchmarkOptions(int Users, int MessagesPerUser, int LargePerUser, string MailRoot, bool Verbose, bool PlainOnly, string Cli, int Runs, bool ExchangeSource,
    bool Peers, int LargeFolder, int Reference, string? Host, bool HostBatch, ReplicaOptions? Replicas, int NoChangeRuns)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        string? Text(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var root = Text("--mail-root") ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        var cli = Path.GetFullPath(Text("--cli") ?? Path.Combine(AppContext.BaseDirectory, "migrationbot.dll"));
        var host = Text("--host") is { } given ? Path.GetFullPath(given) : null;
        return new BenchmarkOptions(
            Int("--users", 5), Int("--messages", 2000), Int("--large", 1), root, args.Contains("--verbose"), args.Contains("--plain-only"), cli, Int("--runs", 3),
            args.Contains("--exchange-source"), !args.Contains("--no-peers"), Int("--large-folder", 0), Int("--reference", 10_000),
            host, !args.Contains("--no-host"),
            args.Contains("--replicas") || args.Contains("--ledger-cost") ? new ReplicaOptions(Int("--replica-users", 20), Int("--replica-messages", 3000), Int("--ledger-messages", 20_000)) : null,
            Int("--no-change-runs", 5));
    }

    public const string Usage =
        "usage: bench [--users 5] [--messages 2000] [--large 1] [--mail-root /dev/shm] [--verbose] [--plain-only]\n" +
        "             [--cli path/to/migrationbot.dll] [--runs 3] [--no-change-runs 5] [--exchange-source] [--no-peers]\n" +
        "             [--host path/to/MigrationBot.Host.dll] [--no-host]\n" +
        "       bench --large-folder 200000 [--reference 10000] [--runs 3] [--mail-root /dev/shm] [--verbose]\n" +
        "       bench --replicas --host path/to/MigrationBot.Host.dll [--replica-users 20] [--replica-messages 3000]\n" +
        "             [--ledger-messages 20000] [--mail-root /dev/shm] [--verbose]\n" +
        "       bench --ledger-cost [--ledger-messages 20000]\n" +
        "  copies a generated corpus between private Dovecot instances and prints the engine's figures\n" +
        "  beside the read and write ceilings measured on the same servers in the same run.\n" +
        "  every mailbox is copied in parallel (--concurrency = --users).\n" +
        "  --cli: the migrationbot build to measure (bench/run.sh passes the ReadyToRun publish, as shipped);\n" +
        "         default: the JIT build next to the benchmark.\n" +
        "  --exchange-source: the source advertises Exchange Online's capabilities too (no CONDSTORE, so a\n" +
        "         no-change pass compares every message's flags), as in a tenant-to-tenant move.\n" +
        "  --runs: the write ceiling and the full copies are each the median of this many runs, each into a fresh server.\n" +
        "  --no-change-runs: each no-change pass (a tenth of a second or so, so one run says more of the machine's noise\n" +
        "         than of the copier) is the median of this many passes over the last full copy.\n" +
        "  peers: on the plain target, dsync (doveadm backup over imapc), mbsync and the migrationbot CLI with --user run\n" +
        "         one process per mailbox, all mailboxes at once, then a no-change pass; every mailbox is counted on the\n" +
        "         target. --no-peers leaves them out.\n" +
        "  --host: on the plain target, the host (bench/run.sh passes its Release build) runs the same corpus as one batch,\n" +
        "         submitted over HTTP as Teams would, at the same concurrency; its initial sync (Syncing -> Synced, from its\n" +
        "         database) beside the CLI's full copy, and its peak RSS. Without --host the line says it was not measured;\n" +
        "         --no-host leaves it out.\n" +
        "  --large-folder N: instead, one mailbox of N small messages in INBOX: a full copy, 1% moved INBOX -> Archive on\n" +
        "         the source, an incremental pass, the target's counts per folder; beside a mailbox of --reference\n" +
        "         messages of the same kind copied in the same run (the median of --runs copies, each into a fresh target),\n" +
        "         and the target's own write ceiling at both sizes (APPEND-load into a fresh target); all of it twice, with\n" +
        "         both servers on Maildir, then on sdbox (Dovecot's own cost per APPEND grows with a Maildir folder's size).\n" +
        "  --replicas: instead, one batch of --replica-users mailboxes of --replica-messages small messages (1-8 KB) run by\n" +
        "         one host replica, then by two replicas clustered on one private PostgreSQL (a fresh database and target\n" +
        "         each): both initial syncs (Syncing -> Synced), their ratio, the replicas' CPU and peak RSS, PostgreSQL's\n" +
        "         CPU, which replica ran which mailboxes; then the ledger's cost per message (MarkInFlight then Commit, the\n" +
        "         engine's batches) for --ledger-messages messages on SQLite and on PostgreSQL.\n" +
        "  --ledger-cost: instead, only that ledger cost on SQLite (--ledger-messages, three runs), to compare two builds.";
}
