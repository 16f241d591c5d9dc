using System.Diagnostics;
using System.Globalization;
using MigrationBot.Bench.HostBatch;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.Replicas;

/// <summary>
/// One or more host processes clustered on one PostgreSQL database (as <c>ClusteredFailoverTests</c> runs two): the
/// batch store, the conversation store, the Data Protection keys and Quartz's tables are shared, each replica keeps
/// its own SQLite file beside them. The batch form is submitted to the first replica; which replica runs which
/// mailbox is Quartz's choice, read back from each replica's log of its passes. The span is the batch's own
/// Syncing→Synced in the shared database; peak RSS and CPU are polled from /proc for every replica and for the
/// PostgreSQL server, CPU counted from the moment the watcher saw the batch syncing.
/// </summary>
internal sealed class ReplicaCluster : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private static readonly string[] Ended = ["Synced", "SyncedWithErrors", "Failed", "Stopped"];

    private readonly List<HostProcess> _replicas;
    private readonly List<string> _directories;
    private readonly LoopbackConnector _connector;
    private readonly ClusterDatabase _database;
    private readonly int _postmaster;

    private ReplicaCluster(List<HostProcess> replicas, List<string> directories, LoopbackConnector connector, ClusterDatabase database, int postmaster) =>
        (_replicas, _directories, _connector, _database, _postmaster) = (replicas, directories, connector, database, postmaster);

    /// <summary>What one replica did over the batch's initial sync: its mailboxes are those whose pass it logged.</summary>
    public sealed record Replica(int Number, long? PeakRss, TimeSpan? SyncCpu, int Mailboxes, long Copied);

    public sealed record Batch(string Name, string State, TimeSpan InitialSync, IReadOnlyList<Replica> Replicas, TimeSpan? PostgresCpu, long Committed)
    {
        /// <summary>The replicas' CPU over the sync, summed; null when one could not be read.</summary>
        public TimeSpan? HostCpu => Replicas.Any(r => r.SyncCpu is null) ? null : Replicas.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.SyncCpu!.Value);

        /// <summary>The largest replica's peak RSS.</summary>
        public long? PeakRss => Replicas.Max(r => r.PeakRss);
    }

    /// <summary>Everything each replica wrote to its console so far, one after the other.</summary>
    public string Output => string.Concat(_replicas.Select((r, i) => $"--- replica {i + 1} ---\n{r.Output}"));

    /// <param name="settings">The host's settings but the store's: every replica gets the same, on <paramref name="connectionString"/>.</param>
    /// <param name="postmaster">The PostgreSQL server's process (<see cref="ProcessTreeCpu.Postmaster"/>), whose CPU is counted.</param>
    public static async Task<ReplicaCluster> StartAsync(
        string dll, int replicas, IReadOnlyDictionary<string, string> settings, string connectionString, int postmaster, string directory, CancellationToken cancellationToken)
    {
        var shared = new Dictionary<string, string>(settings)
        {
            ["Store:Provider"] = "PostgreSql",
            ["Store:PostgreSqlConnectionString"] = connectionString,
            // Each pass's end is logged (log id 5003), so the bench can tell which replica ran which mailbox.
            [$"Logging:LogLevel:{PassLog.Category}"] = "Information",
            // Half the batch's 20 at once per replica, in both runs: one replica runs its 10 and hands the rest back
            // (it would run all 20 itself under the default of 10 a core on this 2-core machine, the other idle).
            ["Batches:PassesPerReplica"] = ReplicasRun.PassesPerReplica.ToString(CultureInfo.InvariantCulture),
        };
        var connector = LoopbackConnector.Start();
        var started = new List<HostProcess>();
        var directories = new List<string>();
        try
        {
            for (var i = 1; i <= replicas; i++)
            {
                var own = Path.Combine(directory, $"replica-{i.ToString(CultureInfo.InvariantCulture)}");
                Directory.CreateDirectory(own);
                directories.Add(own);
                started.Add(await HostProcess.StartAsync(own, shared, cancellationToken, dll));
            }

            // The conversation's reference is stored in PostgreSQL, so whichever replica posts the card finds it.
            await connector.InstallAsync(started[0].BaseUrl, HostSettings.Admin, cancellationToken);
            return new ReplicaCluster(started, directories, connector, new ClusterDatabase(connectionString), postmaster);
        }
        catch
        {
            foreach (var host in started)
                await host.DisposeAsync();
            await connector.DisposeAsync();
            throw;
        }
    }

    /// <summary>Submits a batch of <paramref name="users"/> (each into the target mailbox <paramref name="targetOf"/> names) to the first replica and waits for its initial sync to end.</summary>
    public async Task<Batch> RunBatchAsync(string name, IReadOnlyList<string> users, Func<string, string> targetOf, int concurrency, CancellationToken cancellationToken)
    {
        var pids = _replicas.Select(r => r.ProcessId).ToList();
        var answer = (await _replicas[0].InvokeAsync("submitBatch", HostSettings.Form(name, users, targetOf, concurrency), HostSettings.Admin, cancellationToken)).GetRawText();
        if (!answer.Contains($"Created {name}", StringComparison.Ordinal))
            throw new InvalidOperationException($"the replicas did not create the batch {name}; the first answered:\n{answer}\n{Output}");

        var clock = Stopwatch.StartNew();
        var peaks = new long?[pids.Count];
        var cpu = new TimeSpan?[pids.Count];
        TimeSpan?[]? cpuAtSyncing = null;
        TimeSpan? postgres = null, postgresAtSyncing = null;
        (Guid Id, string State)? batch = null;
        while (batch is not { State: var state } || !Ended.Contains(state))
        {
            if (clock.Elapsed > Timeout)
                throw new InvalidOperationException($"the batch {name} is still {batch?.State ?? "missing"} after {Timeout.TotalMinutes:0} minutes:\n{Output}");
            await Task.Delay(50, cancellationToken);
            for (var i = 0; i < pids.Count; i++)
            {
                peaks[i] = PeakRss.Read(pids[i]) ?? peaks[i];
                cpu[i] = PeakRss.CpuTime(pids[i]) ?? cpu[i];
            }

            postgres = ProcessTreeCpu.Read(_postmaster) ?? postgres;
            batch = await _database.BatchAsync(name, cancellationToken);
            if (batch is { State: "Syncing" } && cpuAtSyncing is null)
                (cpuAtSyncing, postgresAtSyncing) = ([.. cpu], postgres);
        }

        var moves = await _database.MovesAsync(batch.Value.Id, cancellationToken);
        DateTimeOffset At(Func<HostDatabase.Move, bool> move, string what) => moves.FirstOrDefault(move)?.At
            ?? throw new InvalidOperationException($"the batch {name} never moved to {what}: {string.Join(", ", moves.Select(m => $"{m.From}->{m.To}"))}\n{Output}");
        var syncing = At(m => m.To == "Syncing", "Syncing");
        var end = At(m => Ended.Contains(m.To), "the end of its initial sync");
        var mailboxes = (await _database.MailboxesAsync(batch.Value.Id, cancellationToken)).Select(m => m.Mailbox).ToList();
        var passes = await PassesAsync(name, mailboxes.Count, cancellationToken);
        var replicas = pids.Select((_, i) => new Replica(
            i + 1, peaks[i], cpu[i] - cpuAtSyncing?[i], passes[i].Count, passes[i].Values.Sum())).ToList();
        return new Batch(name, batch.Value.State, end - syncing, replicas, postgres - postgresAtSyncing, await CommittedAsync(batch.Value.Id, mailboxes, cancellationToken));
    }

    public static string Describe(Batch run)
    {
        var replicas = run.Replicas.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"replica {r.Number}: {r.Mailboxes} mailboxes, {r.Copied} messages, peak RSS {r.PeakRss / 1048576.0:0} MB, CPU {r.SyncCpu?.TotalSeconds:0.0} s"));
        return string.Create(CultureInfo.InvariantCulture,
            $"initial sync {run.InitialSync.TotalSeconds:0.00} s ({run.State}), {run.Committed} committed in the ledger; {string.Join("; ", replicas)}; PostgreSQL CPU {run.PostgresCpu?.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Each replica's passes of the batch: mailbox → messages copied. The console logger writes on its own thread, so
    /// the last passes' lines may arrive a moment after the batch is Synced: read until every mailbox has one, or 5 s.
    /// </summary>
    private async Task<List<Dictionary<string, long>>> PassesAsync(string batch, int mailboxes, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var passes = _replicas.Select(r => PassLog.Read(r.Output, batch)).ToList();
            if (passes.Sum(p => p.Count) >= mailboxes || waited.Elapsed > TimeSpan.FromSeconds(5))
                return passes;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The ledger's committed messages wherever it lives: in the shared database, or in each replica's own SQLite file.</summary>
    private async Task<long> CommittedAsync(Guid batchId, IReadOnlyCollection<string> mailboxes, CancellationToken cancellationToken)
    {
        var committed = await _database.CommittedAsync(batchId, cancellationToken);
        foreach (var directory in _directories)
            committed += await new HostDatabase(Path.Combine(directory, "migrationbot.db")).CommittedAsync(mailboxes, cancellationToken);
        return committed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
            await replica.DisposeAsync();
        await _connector.DisposeAsync();
        await _database.DisposeAsync();
    }
}
