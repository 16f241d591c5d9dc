using MigrationBot.Engine.Ledger;

namespace MigrationBot.Bench.Replicas;

/// <summary>
/// <c>--ledger-cost</c>: the ledger's cost per copied message on SQLite alone (no mail server, no PostgreSQL), the
/// figure the <c>--replicas</c> run ends with, in a few seconds: for comparing two builds of the ledger.
/// </summary>
internal static class LedgerCostRun
{
    public const string Backend = "ledger (SQLite file)";

    public static async Task<IReadOnlyList<Figure>> RunAsync(int messages, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("migrationbot-bench-").FullName;
        try
        {
            var figures = new List<Figure>();
            for (var run = 0; run < 3; run++)
            {
                await using var ledger = await MigrationLedger.OpenAsync(Path.Combine(work, $"ledger-{run}.db"), TimeProvider.System, cancellationToken);
                var cost = await LedgerCost.MeasureAsync(ledger, messages, () => null, cancellationToken);
                figures.Add(new Figure(Backend, $"{LedgerCost.What(cost.BatchSize)}, run {run + 1}", cost.Messages, 0, cost.Elapsed, null, cost.Cpu));
            }

            return figures;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    public static IEnumerable<string> Summary(IReadOnlyList<Figure> figures) =>
        figures.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{f.What}: {f.Elapsed.TotalMicroseconds / f.Messages:0.0} µs a message, CPU {f.Cpu?.TotalMicroseconds / f.Messages:0.0} µs"));
}
