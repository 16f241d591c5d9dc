using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// The corpus copied by the host as a migration batch, beside the CLI's full copy on the same servers in the same run:
/// each run on a fresh host database and into a fresh target, at the CLI's concurrency. Then a second batch of the same
/// users into other mailboxes of that target, in the same host process: the first batch pays for compiling the engine's
/// code (the host is JIT-compiled, the CLI ships precompiled), the second shows the host as it runs for weeks. A batch
/// counts only when it reached Synced, the ledger committed every message and every folder of every mailbox holds the
/// source's count on the target; otherwise the benchmark stops and says what is missing.
/// </summary>
internal sealed class HostBatchStep(string dll, int concurrency, int runs, string work, bool verbose, TextWriter output)
{
    public const string InitialSync = "MigrationBot host batch: initial sync (Syncing→Synced)";
    public const string SubmitToSynced = "MigrationBot host batch: submit to Synced (with preflight)";
    public const string WarmSync = "MigrationBot host, 2nd batch in the same process: initial sync";

    /// <summary>The target mailbox of a user in the second batch.</summary>
    public static string WarmEmail(string user) => $"{user}@warm.bench.example";

    /// <param name="startTarget">Starts a fresh target holding the given mailboxes.</param>
    public async Task<IReadOnlyList<Figure>> RunAsync(
        string label, DovecotServer source, IReadOnlyList<string> users, Func<IEnumerable<string>, CancellationToken, Task<DovecotServer>> startTarget,
        long bytes, CancellationToken cancellationToken)
    {
        var expected = await BatchVerification.ExpectedAsync(source, users, cancellationToken);
        var total = expected.Values.Sum(f => f.Values.Sum());

        var cold = new List<HostSession.Batch>();
        var warm = new List<HostSession.Batch>();
        for (var run = 0; run < runs; run++)
        {
            await using var target = await startTarget([.. users.Select(BenchServers.Email), .. users.Select(WarmEmail)], cancellationToken);
            await using var host = await HostSession.StartAsync(dll, source, target, concurrency, Path.Combine(work, $"host-{run}"), cancellationToken);
            foreach (var (name, targetOf, results) in new[] { ("bench", (Func<string, string>)BenchServers.Email, cold), ("bench-warm", WarmEmail, warm) })
            {
                var batch = await host.RunBatchAsync(name, users, targetOf, cancellationToken);
                output.WriteLine($"host batch {name}, run {run + 1}: {HostSession.Describe(batch)}");
                await VerifyAsync(batch, host, target, targetOf, expected, cancellationToken);
                results.Add(batch);
            }

            if (verbose)
                output.WriteLine(host.Output);
        }

        var median = runs > 1 ? $" (median of {runs})" : "";
        var sync = Medians.Of(cold, b => b.InitialSync);
        var submit = Medians.Of(cold, b => b.SubmitToSynced);
        var second = Medians.Of(warm, b => b.InitialSync);
        return
        [
            new Figure(label, InitialSync + median, total, bytes, sync.InitialSync, sync.PeakRss, sync.SyncCpu),
            new Figure(label, SubmitToSynced + median, total, bytes, submit.SubmitToSynced, submit.PeakRss, submit.SubmitCpu),
            new Figure(label, WarmSync + median, total, bytes, second.InitialSync, second.PeakRss, second.SyncCpu),
        ];
    }

    /// <summary>Throws unless the batch synced cleanly and the target holds every message of every folder.</summary>
    private static async Task VerifyAsync(
        HostSession.Batch batch, HostSession host, DovecotServer target, Func<string, string> targetOf, Dictionary<string, IReadOnlyDictionary<string, int>> expected,
        CancellationToken cancellationToken)
    {
        var problems = await BatchVerification.ProblemsAsync(batch.Name, batch.State, batch.Committed, target, targetOf, expected, cancellationToken);
        if (problems.Count > 0)
            throw new InvalidOperationException($"the host's batch {batch.Name} did not copy the corpus:\n{string.Join('\n', problems)}\n--- host output ---\n{host.Output}");
    }
}
