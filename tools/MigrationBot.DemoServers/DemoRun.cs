using System.Text.Json;
using MigrationBot.DemoServers.Graph;

namespace MigrationBot.DemoServers;

/// <summary>Starts the demo servers and the Graph stand-in, writes what a newcomer needs, says so, and stops everything when asked.</summary>
internal static class DemoRun
{
    /// <summary>The line run.sh and the tests wait for: both servers listen, the corpus is in, the files are written.</summary>
    public const string ReadyLine = "demo servers ready";

    // Dovecot's mail processes (nobody, when started as root) must reach their Maildirs below the data directory.
    private const UnixFileMode Traversable = (UnixFileMode)0b111_101_101;

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutFile)!);
        // Files a killed run left behind describe servers that are gone.
        DeleteFiles(options);
        Directory.CreateDirectory(options.DataDirectory);
        File.SetUnixFileMode(options.DataDirectory, Traversable);
        if (MailRootAccess.Problem(options.DataDirectory) is { } problem)
        {
            error.WriteLine($"demo-servers: {problem}");
            return 1;
        }

        OrphanedMailRoots.Remove(options.DataDirectory);
        try
        {
            await using (var servers = await DemoServers.StartAsync(options.DataDirectory, output, stop))
            await using (var graph = await DemoGraph.StartAsync(DemoGraphUser.For(DemoUser.All), stop))
            await using (var throttling = options.ThrottleAppend is { } nth
                ? new MigrationBot.IntegrationTests.Servers.ExchangeOnlineProxy(servers.Target.ImapPort, n => n == nth, backoffMilliseconds: 8000, byeAfterThrottle: true, rewritePermanentFlags: false)
                : null)
            {
                output.WriteLine($"graph: a Microsoft Graph stand-in for the local demo on {graph.BaseUrl}");
                if (throttling is not null)
                    output.WriteLine($"target: a throttling front on 127.0.0.1:{throttling.Port} answers APPEND number {options.ThrottleAppend} as Exchange Online throttles");
                var manifest = servers.Manifest();
                WriteFiles(options, manifest with
                {
                    Graph = new DemoGraphManifest(graph.BaseUrl.AbsoluteUri, graph.Users),
                    Target = manifest.Target with { ThrottlingPort = throttling?.Port },
                });
                output.WriteLine($"wrote {options.OutFile}, {options.UsersCsvFile} and {options.AdminCsvFile}");
                output.WriteLine(ReadyLine);
                await WaitAsync(stop);
                output.WriteLine("stopping the demo servers");
            }

            output.WriteLine("demo servers stopped");
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            output.WriteLine("stopped while starting");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            // Dovecot missing or not starting: the message says which, with its log tail.
            error.WriteLine($"demo-servers: {e.Message}");
            return 1;
        }
        finally
        {
            DeleteFiles(options);
        }
    }

    private static async Task WaitAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stop);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
    }

    private static void WriteFiles(DemoOptions options, DemoManifest manifest)
    {
        PrivateFile.Write(options.UsersCsvFile, manifest.UsersCsv);
        PrivateFile.Write(options.AdminCsvFile, manifest.AdminCsv);
        // Last: run.sh reads the JSON once the ready line is out, and the CSVs are there by then.
        PrivateFile.Write(options.OutFile, JsonSerializer.Serialize(manifest, DemoJsonContext.Default.DemoManifest) + "\n");
    }

    private static void DeleteFiles(DemoOptions options)
    {
        PrivateFile.Delete(options.OutFile);
        PrivateFile.Delete(options.UsersCsvFile);
        PrivateFile.Delete(options.AdminCsvFile);
    }
}
