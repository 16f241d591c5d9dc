using MigrationBot.Bench;
using MigrationBot.Bench.LargeFolder;

if (args.Contains("--help"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

var options = BenchmarkOptions.Parse(args);
var figures = options.LargeFolder > 0
    ? await new LargeFolderRun(options, Console.Out).RunAsync(CancellationToken.None)
    : await new BenchmarkRun(options, Console.Out).RunAsync(CancellationToken.None);
Console.WriteLine();
Console.WriteLine(Figure.Header);
foreach (var figure in figures)
    Console.WriteLine(figure);

Console.WriteLine();
foreach (var line in options.LargeFolder > 0 ? LargeFolderRun.Summary(figures) : Summary.Lines(figures))
    Console.WriteLine(line);

return 0;
