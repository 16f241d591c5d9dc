namespace MigrationBot.IntegrationTests.Demo;

public sealed class DemoServersLifecycleTests
{
    [Fact]
    public async Task DemoServers_Sigterm_StopsBothDovecotInstances()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var directory = DemoServersProcess.CreateDirectory();
        try
        {
            await using var demo = await DemoServersProcess.StartReadyAsync(directory, cts.Token);
            var file = await DemoFile.ReadAsync(demo.JsonFile, cts.Token);
            var ports = file.Source.Ports.Concat(file.Target.Ports).ToList();
            foreach (var port in ports)
                Assert.True(await DemoImap.AcceptsAsync(port, cts.Token), $"port {port} is not listening while the demo servers run");
            // Once stopped, a freed port may be taken by another test's server: ask about these processes, not the ports.
            var servers = ports.SelectMany(ListeningProcesses.Of).ToHashSet();
            Assert.NotEmpty(servers);

            await demo.TerminateAsync(cts.Token);

            Assert.Equal(0, demo.ExitCode);
            Assert.Contains("demo servers stopped", demo.Output, StringComparison.Ordinal);
            Assert.Empty(await ListeningProcesses.StillRunningAsync(servers, TimeSpan.FromSeconds(5), cts.Token));
            // The files hold passwords of servers that no longer run; the Maildirs went with their servers.
            Assert.False(File.Exists(demo.JsonFile));
            Assert.Empty(Directory.EnumerateFileSystemEntries(demo.DataDirectory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task DemoServers_EarlierRunKilled_StartsAgainAndStopsTheLeftoverInstances()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var directory = DemoServersProcess.CreateDirectory();
        try
        {
            HashSet<int> leftovers;
            await using (var killed = await DemoServersProcess.StartReadyAsync(directory, cts.Token))
            {
                var first = await DemoFile.ReadAsync(killed.JsonFile, cts.Token);
                // The killed run's Dovecot processes, by the sockets they listen on: once stopped, their ports may be taken
                // by any other test's server, so the check below asks about these processes, not the ports.
                leftovers = [.. first.Source.Ports.Concat(first.Target.Ports).SelectMany(ListeningProcesses.Of)];
                Assert.NotEmpty(leftovers);
                // Its Dovecot instances outlive it, keeping their ports and directories, until a new start cleans them
                // (any Dovecot start on the machine does, so this test does not check they are still there in between).
                await killed.KillAsync(cts.Token);
            }

            await using var again = await DemoServersProcess.StartReadyAsync(directory, cts.Token);
            var second = await DemoFile.ReadAsync(again.JsonFile, cts.Token);

            Assert.Empty(await ListeningProcesses.StillRunningAsync(leftovers, TimeSpan.FromSeconds(5), cts.Token));
            Assert.Equal(2, Directory.EnumerateDirectories(again.DataDirectory).Count());
            using var client = await DemoImap.LoginAsync(second.Source, "alice", second.Source.Users![0].Password, cts.Token);
            Assert.True(client.IsAuthenticated);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task DemoServers_DataDirectoryClosedToOthers_FailsSayingWhatToChange()
    {
        // Only root's Dovecot switches to nobody for mail; as another user the directory is its own.
        if (Environment.UserName != "root")
            return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var directory = Directory.CreateTempSubdirectory("migrationbot-demo-").FullName; // 0700
        try
        {
            await using var demo = DemoServersProcess.Start(directory);
            await demo.WaitForExitAsync(cts.Token);

            Assert.Equal(1, demo.ExitCode);
            Assert.Contains($"cannot enter {directory}: allow it with chmod o+x", demo.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(DemoServersProcess.ReadyLine, demo.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
