using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// The corpus copied by the host as one migration batch, beside the CLI's full copy on the same servers in the same run:
/// each run on a fresh host database and into a fresh target, at the CLI's concurrency. A run counts only when the batch
/// reached Synced, the ledger committed every message and every folder of every mailbox holds the source's count on the
/// target; otherwise the benchmark stops and says what is missing.
/// </summary>
internal sealed class HostBatchStep(string dll, int concurrency, int runs, string work, bool verbose, TextWriter output)
{
    public const string InitialSync = "MigrationBot host batch: initial sync (Syncing→Synced)";
    public const string SubmitToSynced = "MigrationBot host batch: submit to Synced (with preflight)";

    public async Task<IReadOnlyList<Figure>> RunAsync(
        string label, DovecotServer source, IReadOnlyList<string> users, Func<CancellationToken, Task<DovecotServer>> startTarget, long bytes, CancellationToken cancellationToken)
    {
        var expected = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        foreach (var user in users)
            expected[BenchServers.Email(user)] = await MailboxFolders.CountAsync(source, user, cancellationToken);
        var total = expected.Values.Sum(f => f.Values.Sum());

        var results = new List<HostBatchRun.Result>();
        for (var run = 0; run < runs; run++)
        {
            await using var target = await startTarget(cancellationToken);
            var result = await HostBatchRun.RunAsync(dll, source, target, users, concurrency, Path.Combine(work, $"host-{run}"), cancellationToken);
            await using (result.Host)
            {
                output.WriteLine($"host batch, run {run + 1}: {HostBatchRun.Describe(result)}");
                await VerifyAsync(result, target, expected, total, cancellationToken);
                if (verbose)
                    output.WriteLine(result.Host.Output);
            }

            results.Add(result);
        }

        var sync = results.OrderBy(r => r.InitialSync).ElementAt(results.Count / 2);
        var submit = results.OrderBy(r => r.SubmitToSynced).ElementAt(results.Count / 2);
        var median = runs > 1 ? $" (median of {runs})" : "";
        return
        [
            new Figure(label, InitialSync + median, total, bytes, sync.InitialSync, sync.PeakRss, sync.SyncCpu),
            new Figure(label, SubmitToSynced + median, total, bytes, submit.SubmitToSynced, submit.PeakRss, submit.SubmitCpu),
        ];
    }

    /// <summary>Throws unless the batch synced cleanly and the target holds every message of every folder.</summary>
    private static async Task VerifyAsync(
        HostBatchRun.Result run, DovecotServer target, Dictionary<string, IReadOnlyDictionary<string, int>> expected, int total, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (run.State != "Synced")
            problems.Add($"the batch ended {run.State}, not Synced");
        if (run.Committed != total)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the ledger committed {run.Committed} messages, the source holds {total}"));
        foreach (var (user, folders) in expected)
        {
            var found = await MailboxFolders.CountAsync(target, user, cancellationToken);
            foreach (var folder in folders.Keys.Union(found.Keys))
            {
                var (want, got) = (folders.GetValueOrDefault(folder), found.GetValueOrDefault(folder));
                if (want != got)
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{user}'s '{folder}' has {got} messages on the target, {want} on the source"));
            }
        }

        if (problems.Count > 0)
            throw new InvalidOperationException($"the host's batch did not copy the corpus:\n{string.Join('\n', problems)}\n--- host output ---\n{run.Host.Output}");
    }
}
