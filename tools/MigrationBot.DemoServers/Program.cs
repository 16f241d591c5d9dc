using MigrationBot.DemoServers;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(DemoOptions.Usage);
    return 0;
}

if (!DemoOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine($"demo-servers: {problem} (try --help)");
    return 2;
}

using var shutdown = new ShutdownSignal();
return await DemoRun.RunAsync(options, Console.Out, Console.Error, shutdown.Token);
