using MigrationBot.Bench;
using MigrationBot.Bench.LargeFolder;
using MigrationBot.Bench.Replicas;

if (args.Contains("--help"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

var options = BenchmarkOptions.Parse(args);
IReadOnlyList<Figure> figures;
Func<IReadOnlyList<Figure>, IEnumerable<string>> summary;
if (args.Contains("--ledger-cost"))
{
    (figures, summary) = (await LedgerCostRun.RunAsync(options.Replicas?.LedgerMessages ?? 20_000, CancellationToken.None), LedgerCostRun.Summary);
}
else if (options.Replicas is { } replicas)
{
    var run = new ReplicasRun(options, replicas, Console.Out);
    (figures, summary) = (await run.RunAsync(CancellationToken.None), run.Summary);
}
else if (options.LargeFolder > 0)
{
    (figures, summary) = (await new LargeFolderRun(options, Console.Out).RunAsync(CancellationToken.None), LargeFolderRun.Summary);
}
else
{
    (figures, summary) = (await new BenchmarkRun(options, Console.Out).RunAsync(CancellationToken.None), Summary.Lines);
}

Console.WriteLine();
Console.WriteLine(Figure.Header);
foreach (var figure in figures)
    Console.WriteLine(figure);

Console.WriteLine();
foreach (var line in summary(figures))
    Console.WriteLine(line);

return 0;
