using System.Globalization;
using MigrationBot.Bench.Corpus;
using MigrationBot.Bench.HostBatch;
using MigrationBot.Engine.Ledger;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.Replicas;

/// <summary>
/// One batch of small mailboxes run by one host replica, then by two replicas clustered on the same PostgreSQL (each
/// run on a fresh database and into a fresh target, from the same source in the same run), and the ledger's own cost
/// per message on SQLite beside PostgreSQL. A run counts only when the batch reached Synced, the ledger committed every
/// message and every folder of every mailbox holds the source's count on the target; otherwise the benchmark stops and
/// says what is missing.
/// </summary>
internal sealed class ReplicasRun(BenchmarkOptions options, ReplicaOptions replicas, TextWriter output)
{
    public const string Store = "PostgreSQL store";

    /// <summary>Batches:PassesPerReplica in both runs: each replica runs at most this many of the batch's passes at once.</summary>
    public const int PassesPerReplica = 10;
    private const string Source = "source (Dovecot)";

    private readonly Dictionary<int, ReplicaCluster.Batch> _batches = [];
    private readonly Dictionary<string, LedgerCost.Result> _ledgers = [];

    public static string InitialSync(int replicas) =>
        string.Create(CultureInfo.InvariantCulture, $"{replicas} host {(replicas == 1 ? "replica" : "replicas")}: initial sync (Syncing→Synced)");

    private const string LedgerSqlite = "SQLite";
    private const string LedgerPostgres = "PostgreSQL";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var host = options.Host ?? throw new InvalidOperationException("--replicas needs --host path/to/MigrationBot.Host.dll (bench/run.sh passes the host's Release build)");
        var corpus = CorpusGenerator.Generate(new CorpusOptions
        {
            Seed = 1,
            Users = replicas.Users,
            MessagesPerUser = replicas.MessagesPerUser,
            MinSize = 1024,
            TypicalMaxSize = 8 * 1024,
            MaxSize = 8 * 1024,
            Cases = CorpusCases.Default,
        }).ToList();
        var users = corpus.Select(m => m.User).Distinct().ToList();
        var bytes = corpus.Sum(m => m.Size);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replicas: {corpus.Count:N0} messages ({bytes / 1048576.0:0.0} MB) in {users.Count} mailboxes, one batch of all of them at once; mail on {options.MailRoot}"));
        output.WriteLine($"host: {host}");

        var figures = new List<Figure>();
        await using var source = await DovecotServer.StartAsync(BenchServers.Options(users, '.', exchange: false, options.MailRoot), cancellationToken);
        figures.Add(new Figure(Source, "APPEND-load (seeding the source)", corpus.Count, bytes, await Ceilings.AppendLoadAsync(source, corpus, u => u, cancellationToken), null));
        var expected = await BatchVerification.ExpectedAsync(source, users, cancellationToken);

        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        var postmaster = ProcessTreeCpu.Postmaster(postgres.DataDirectory);
        var work = Directory.CreateTempSubdirectory("migrationbot-bench-").FullName;
        foreach (var count in new[] { 1, 2 })
        {
            var database = await postgres.CreateDatabaseAsync(cancellationToken);
            await using var target = await DovecotServer.StartAsync(BenchServers.Options(users.Select(BenchServers.Email), '/', exchange: false, options.MailRoot), cancellationToken);
            await using var cluster = await ReplicaCluster.StartAsync(
                host, count, HostSettings.For(source, target, users.Count), database, postmaster, Path.Combine(work, $"replicas-{count.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
            var batch = await cluster.RunBatchAsync($"bench-{count.ToString(CultureInfo.InvariantCulture)}", users, BenchServers.Email, users.Count, cancellationToken);
            output.WriteLine($"{InitialSync(count)}: {ReplicaCluster.Describe(batch)}");
            var problems = await BatchVerification.ProblemsAsync(batch.Name, batch.State, batch.Committed, target, BenchServers.Email, expected, cancellationToken);
            if (problems.Count > 0)
                throw new InvalidOperationException($"{InitialSync(count)} did not copy the corpus:\n{string.Join('\n', problems)}\n{cluster.Output}");
            if (options.Verbose)
                output.WriteLine(cluster.Output);
            _batches[count] = batch;
            figures.Add(new Figure(Store, InitialSync(count), corpus.Count, bytes, batch.InitialSync, batch.PeakRss, batch.HostCpu));
        }

        // The SQLite file where a host keeps it (its data directory, here the work directory on disk); PostgreSQL in a
        // fresh database of the same server, its tables as new as a host's first batch finds them, and its CPU counted
        // beside the bench's.
        await using (var sqlite = await MigrationLedger.OpenAsync(Path.Combine(work, "ledger.db"), TimeProvider.System, cancellationToken))
            figures.Add(Record(LedgerSqlite, await LedgerCost.MeasureAsync(sqlite, replicas.LedgerMessages, () => null, cancellationToken)));
        await using (var shared = await MigrationLedger.OpenPostgreSqlAsync(await postgres.CreateDatabaseAsync(cancellationToken), TimeProvider.System, cancellationToken))
            figures.Add(Record(LedgerPostgres, await LedgerCost.MeasureAsync(shared, replicas.LedgerMessages, () => ProcessTreeCpu.Read(postmaster), cancellationToken)));

        if (options.Verbose)
            output.WriteLine($"kept {work} (the replicas' files and the ledger)");
        else
            Directory.Delete(work, recursive: true);
        return figures;
    }

    private Figure Record(string backend, LedgerCost.Result cost)
    {
        _ledgers[backend] = cost;
        return new Figure(backend, LedgerCost.What(cost.BatchSize), cost.Messages, 0, cost.Elapsed, null, cost.Cpu);
    }

    /// <summary>The two replicas against the one, and the ledger's cost per message on each backend.</summary>
    public IEnumerable<string> Summary(IReadOnlyList<Figure> figures)
    {
        var (one, two) = (figures.Single(f => f.What == InitialSync(1)), figures.Single(f => f.What == InitialSync(2)));
        var (a, b) = (_batches[1], _batches[2]);
        var mailboxes = b.Replicas.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Mailboxes} ({r.Copied:N0} messages)"));
        var alone = b.Replicas.Count(r => r.Mailboxes > 0) == 1 ? " (one replica ran every mailbox: the other added nothing to this batch)" : "";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"two replicas on one PostgreSQL at {two.MessagesPerSecond / one.MessagesPerSecond:0.00}x one replica's msg/s ({one.MessagesPerSecond:0} -> {two.MessagesPerSecond:0} msg/s, " +
            $"{one.MegabytesPerSecond:0.0} -> {two.MegabytesPerSecond:0.0} MB/s); mailboxes run by each replica: {string.Join(", ", mailboxes)}{alone}; " +
            $"at most {PassesPerReplica} passes a replica at once (Batches:PassesPerReplica) in both runs");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"over the sync, one replica -> two: host CPU {a.HostCpu?.TotalSeconds:0.0} s -> {b.HostCpu?.TotalSeconds:0.0} s " +
            $"({string.Join(" + ", b.Replicas.Select(r => r.SyncCpu?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))}), " +
            $"PostgreSQL's {a.PostgresCpu?.TotalSeconds:0.0} s -> {b.PostgresCpu?.TotalSeconds:0.0} s; peak RSS {a.PeakRss / 1048576.0:0} MB -> " +
            $"{string.Join(" and ", b.Replicas.Select(r => (r.PeakRss / 1048576.0)?.ToString("0", CultureInfo.InvariantCulture)))} MB");
        foreach (var (backend, cost) in _ledgers)
        {
            var server = cost.ServerCpuMicrosecondsPerMessage is { } s ? string.Create(CultureInfo.InvariantCulture, $" + {s:0.0} µs of the server's") : "";
            yield return string.Create(CultureInfo.InvariantCulture,
                $"ledger on {backend}: {cost.MicrosecondsPerMessage:0.0} µs a message, {cost.CpuMicrosecondsPerMessage:0.0} µs of the bench's CPU{server}; " +
                $"{cost.FirstQuarterMicroseconds:0.0} µs a message over the first quarter of the {cost.Messages:N0}, {cost.LastQuarterMicroseconds:0.0} over the last ({cost.BatchSize} a batch, one folder)");
        }

        if (_ledgers.TryGetValue(LedgerSqlite, out var local) && _ledgers.TryGetValue(LedgerPostgres, out var remote))
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"ledger on PostgreSQL at {remote.MicrosecondsPerMessage / local.MicrosecondsPerMessage:0.0}x SQLite's time a message, " +
                $"{(remote.CpuMicrosecondsPerMessage + (remote.ServerCpuMicrosecondsPerMessage ?? 0)) / local.CpuMicrosecondsPerMessage:0.0}x its CPU (the bench's and the server's);") +
                " the bench's PostgreSQL runs with fsync and synchronous_commit off, as the tests' does: a durable server's commits cost more";
        }
    }
}
