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
foreach (var line in Summary.Lines(figures))
    Console.WriteLine(line);

return 0;
