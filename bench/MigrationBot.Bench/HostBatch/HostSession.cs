using System.Diagnostics;
using System.Globalization;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// The host as one process on a fresh database, added to a channel whose Bot Connector is the benchmark's
/// (<see cref="LoopbackConnector"/>, so each batch's progress card is posted and updated), running batches one after
/// another. Each batch form is submitted over HTTP as Teams posts it, then the batch is watched until it leaves its
/// initial sync. The spans come from the batch's own moves in the host's database (so the poll interval does not blur
/// them); peak RSS and CPU are polled from /proc as <see cref="EngineRun"/> polls the CLI, CPU counted from the moment
/// the watcher saw each span begin.
/// </summary>
internal sealed class HostSession : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private static readonly string[] Ended = ["Synced", "SyncedWithErrors", "Failed", "Stopped"];

    private readonly HostProcess _host;
    private readonly LoopbackConnector _connector;
    private readonly HostDatabase _database;
    private readonly int _concurrency;

    private HostSession(HostProcess host, LoopbackConnector connector, HostDatabase database, int concurrency) =>
        (_host, _connector, _database, _concurrency) = (host, connector, database, concurrency);

    public sealed record Batch(
        string Name, string State, TimeSpan SubmitToValidating, TimeSpan Preflight, TimeSpan InitialSync, TimeSpan SubmitToSynced,
        long? RssBefore, long? PeakRss, TimeSpan? SyncCpu, TimeSpan? SubmitCpu, long Committed, (int Posts, int Updates) Connector);

    /// <summary>Everything the host wrote to its console so far.</summary>
    public string Output => _host.Output;

    public static async Task<HostSession> StartAsync(string dll, DovecotServer source, DovecotServer target, int concurrency, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var connector = LoopbackConnector.Start();
        HostProcess? host = null;
        try
        {
            host = await HostProcess.StartAsync(directory, HostSettings.For(source, target, concurrency), cancellationToken, dll);
            await connector.InstallAsync(host.BaseUrl, HostSettings.Admin, cancellationToken);
            return new HostSession(host, connector, new HostDatabase(Path.Combine(directory, "migrationbot.db")), concurrency);
        }
        catch
        {
            if (host is not null)
                await host.DisposeAsync();
            await connector.DisposeAsync();
            throw;
        }
    }

    /// <summary>Submits a batch of <paramref name="users"/> (each into the target mailbox <paramref name="targetOf"/> names) and waits for its initial sync to end.</summary>
    public async Task<Batch> RunBatchAsync(string name, IReadOnlyList<string> users, Func<string, string> targetOf, CancellationToken cancellationToken)
    {
        var pid = _host.ProcessId;
        await using var perf = await HostPerf.StartAsync(pid, name, cancellationToken);
        var connectorBefore = _connector.Received;
        var cpuAtSubmit = PeakRss.CpuTime(pid);
        var rssBefore = PeakRss.Read(pid);
        var submitted = DateTimeOffset.UtcNow;
        var answer = (await _host.InvokeAsync("submitBatch", HostSettings.Form(name, users, targetOf, _concurrency), HostSettings.Admin, cancellationToken)).GetRawText();
        if (!answer.Contains($"Created {name}", StringComparison.Ordinal))
            throw new InvalidOperationException($"the host did not create the batch {name}; it answered:\n{answer}\n{Output}");

        var clock = Stopwatch.StartNew();
        long? peak = null;
        TimeSpan? cpu = null, cpuAtSyncing = null;
        (string Id, string State)? batch = null;
        while (batch is not { State: var state } || !Ended.Contains(state))
        {
            if (clock.Elapsed > Timeout)
                throw new InvalidOperationException($"the batch {name} is still {batch?.State ?? "missing"} after {Timeout.TotalMinutes:0} minutes:\n{Output}");
            await Task.Delay(50, cancellationToken);
            peak = PeakRss.Read(pid) ?? peak;
            cpu = PeakRss.CpuTime(pid) ?? cpu;
            batch = await _database.BatchAsync(name, cancellationToken);
            if (batch is { State: "Syncing" } && cpuAtSyncing is null)
                cpuAtSyncing = cpu;
        }

        var moves = await _database.MovesAsync(batch.Value.Id, cancellationToken);
        DateTimeOffset At(Func<HostDatabase.Move, bool> move, string what) => moves.FirstOrDefault(move)?.At
            ?? throw new InvalidOperationException($"the batch {name} never moved to {what}: {string.Join(", ", moves.Select(m => $"{m.From}->{m.To}"))}\n{Output}");
        var validating = At(m => m.To == "Validating", "Validating");
        var syncing = At(m => m.To == "Syncing", "Syncing");
        var end = At(m => Ended.Contains(m.To), "the end of its initial sync");
        var connector = _connector.Received;
        return new Batch(name, batch.Value.State, validating - submitted, syncing - validating, end - syncing, end - submitted,
            rssBefore, peak, cpu - cpuAtSyncing, cpu - cpuAtSubmit, await _database.CommittedAsync(batch.Value.Id, cancellationToken),
            (connector.Posts - connectorBefore.Posts, connector.Updates - connectorBefore.Updates));
    }

    public static string Describe(Batch run) => string.Create(CultureInfo.InvariantCulture,
        $"submit to Validating {run.SubmitToValidating.TotalSeconds:0.00} s, preflight {run.Preflight.TotalSeconds:0.00} s, initial sync {run.InitialSync.TotalSeconds:0.00} s " +
        $"({run.State}), {run.Committed} committed in the ledger, peak RSS {run.RssBefore / 1048576.0:0} MB before the submit and {run.PeakRss / 1048576.0:0} MB at the end, CPU {run.SyncCpu?.TotalSeconds:0.0} s over the sync; " +
        $"the connector got {run.Connector.Posts} new activities and {run.Connector.Updates} card updates");

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
