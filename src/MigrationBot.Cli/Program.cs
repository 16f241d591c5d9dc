using MigrationBot.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl-C stops cleanly (the ledger keeps what was committed); a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
