using System.Diagnostics;
using System.Globalization;
using MigrationBot.IntegrationTests.Batches;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// One batch run by the host: the host started on a fresh database, the batch form submitted over HTTP as Teams posts
/// it, then watched until the batch leaves its initial sync. The spans come from the batch's own moves in the host's
/// database (so the poll interval does not blur them); peak RSS and CPU are polled from /proc as <see cref="EngineRun"/>
/// polls the CLI, CPU counted from the moment the watcher saw each span begin.
/// </summary>
internal static class HostBatchRun
{
    public const string BatchName = "bench";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private static readonly string[] Ended = ["Synced", "SyncedWithErrors", "Failed", "Stopped"];

    public sealed record Result(
        string State, TimeSpan SubmitToValidating, TimeSpan Preflight, TimeSpan InitialSync, TimeSpan SubmitToSynced,
        long? PeakRss, TimeSpan? SyncCpu, TimeSpan? SubmitCpu, long Committed, HostProcess Host);

    /// <summary>Runs the batch; the caller verifies the target and then disposes <see cref="Result.Host"/>.</summary>
    public static async Task<Result> RunAsync(
        string dll, DovecotServer source, DovecotServer target, IReadOnlyList<string> users, int concurrency, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var host = await HostProcess.StartAsync(directory, HostSettings.For(source, target, concurrency), cancellationToken, dll);
        try
        {
            await using var perf = await HostPerf.StartAsync(host.ProcessId, cancellationToken);
            return await WatchAsync(host, new HostDatabase(Path.Combine(directory, "migrationbot.db")), users, concurrency, cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static async Task<Result> WatchAsync(HostProcess host, HostDatabase database, IReadOnlyList<string> users, int concurrency, CancellationToken cancellationToken)
    {
        var pid = host.ProcessId;
        var cpuAtSubmit = PeakRss.CpuTime(pid);
        var submitted = DateTimeOffset.UtcNow;
        var answer = (await host.InvokeAsync("submitBatch", HostSettings.Form(BatchName, users, concurrency), HostSettings.Admin, cancellationToken)).GetRawText();
        if (!answer.Contains($"Created {BatchName}", StringComparison.Ordinal))
            throw new InvalidOperationException($"the host did not create the batch; it answered:\n{answer}\n{host.Output}");

        var clock = Stopwatch.StartNew();
        long? peak = null;
        TimeSpan? cpu = null, cpuAtSyncing = null;
        (string Id, string State)? batch = null;
        while (batch is not { State: var state } || !Ended.Contains(state))
        {
            if (clock.Elapsed > Timeout)
                throw new InvalidOperationException($"the batch is still {batch?.State ?? "missing"} after {Timeout.TotalMinutes:0} minutes:\n{host.Output}");
            await Task.Delay(50, cancellationToken);
            peak = PeakRss.Read(pid) ?? peak;
            cpu = PeakRss.CpuTime(pid) ?? cpu;
            batch = await database.BatchAsync(BatchName, cancellationToken);
            if (batch is { State: "Syncing" } && cpuAtSyncing is null)
                cpuAtSyncing = cpu;
        }

        var moves = await database.MovesAsync(batch.Value.Id, cancellationToken);
        DateTimeOffset At(string to) => moves.FirstOrDefault(m => m.To == to)?.At
            ?? throw new InvalidOperationException($"the batch never moved to {to}: {string.Join(", ", moves.Select(m => $"{m.From}->{m.To}"))}\n{host.Output}");
        var (validating, syncing) = (At("Validating"), At("Syncing"));
        var end = moves.First(m => Ended.Contains(m.To)).At;
        return new Result(batch.Value.State, validating - submitted, syncing - validating, end - syncing, end - submitted,
            peak, cpu - cpuAtSyncing, cpu - cpuAtSubmit, await database.CommittedAsync(cancellationToken), host);
    }

    public static string Describe(Result run) => string.Create(CultureInfo.InvariantCulture,
        $"submit to Validating {run.SubmitToValidating.TotalSeconds:0.00} s, preflight {run.Preflight.TotalSeconds:0.00} s, initial sync {run.InitialSync.TotalSeconds:0.00} s " +
        $"({run.State}), {run.Committed} committed in the ledger, peak RSS {run.PeakRss / 1048576.0:0} MB, CPU {run.SyncCpu?.TotalSeconds:0.0} s over the sync");
}
