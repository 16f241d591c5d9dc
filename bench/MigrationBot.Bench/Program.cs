using System.Globalization;
using MigrationBot.Bench;

if (args.Contains("--help"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

var options = BenchmarkOptions.Parse(args);
var figures = await new BenchmarkRun(options, Console.Out).RunAsync(CancellationToken.None);
Console.WriteLine();
Console.WriteLine(Figure.Header);
foreach (var figure in figures)
    Console.WriteLine(figure);

Console.WriteLine();
foreach (var target in figures.Select(f => f.Target).Distinct().Where(t => !t.StartsWith("source", StringComparison.Ordinal)))
{
    var ceiling = figures.Single(f => f.Target == target && f.What.StartsWith("write ceiling", StringComparison.Ordinal));
    var full = figures.Single(f => f.Target == target && f.What.Contains("full copy", StringComparison.Ordinal));
    var incremental = figures.Single(f => f.Target == target && f.What.Contains("incremental", StringComparison.Ordinal));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{target}: full copy at {full.MessagesPerSecond / ceiling.MessagesPerSecond:P0} of the write ceiling (aim >= 70%); " +
        $"no-change incremental {incremental.Elapsed.TotalSeconds:0.00} s for {incremental.Messages} messages (aim <= 2 s per 10,000); " +
        $"peak RSS {full.PeakRssBytes / 1048576.0:0} MB (aim <= 200 MB)"));
}

return 0;
