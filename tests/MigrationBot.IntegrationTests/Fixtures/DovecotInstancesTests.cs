using MailKit.Security;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

public sealed class DovecotInstancesTests
{
    [Fact]
    public async Task TwoInstances_RunAtOnce_OnTheirOwnPortsAndMaildirs()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var options = new DovecotOptions { Users = [new DovecotUser("erin", "erin-pw")] };
        var starting = new[] { DovecotServer.StartAsync(options, cts.Token), DovecotServer.StartAsync(options, cts.Token) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        await using (var mailbox = await first.OpenMailboxAsync("erin", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("only-first@test", "first", DateTimeOffset.UtcNow), cts.Token);
        await using var other = await second.OpenMailboxAsync("erin", cts.Token);

        Assert.Empty(new[] { first.ImapPort, first.ImapsPort }.Intersect([second.ImapPort, second.ImapsPort]));
        Assert.NotEqual(first.MailRoot, second.MailRoot);
        Assert.Empty(await other.FetchAsync("INBOX", cts.Token));
    }

    [Fact]
    public async Task AnSdboxInstance_StoresMailAsDboxFilesNotMaildir_AndRefusesMessagesPlacedAsFiles()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await DovecotServer.StartAsync(
            new DovecotOptions { Users = [new DovecotUser("hana", "hana-pw")], Storage = DovecotMailStorage.Sdbox }, cts.Token);

        await using (var mailbox = await server.OpenMailboxAsync("hana", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("sdbox@test", "stored", DateTimeOffset.UtcNow), cts.Token);
        await using var again = await server.OpenMailboxAsync("hana", cts.Token);
        var files = Directory.EnumerateFiles(Path.Combine(server.MailRoot, "hana"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        Assert.Single(await again.FetchAsync("INBOX", cts.Token));
        Assert.Contains(files, f => f!.StartsWith("u.", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f == "dovecot-uidlist");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            server.DeliverRawAsync("hana", "INBOX", [("Subject: x\r\n\r\nbody\r\n"u8.ToArray(), DateTimeOffset.UtcNow)], cts.Token));
    }

    [Fact]
    public async Task Dispose_StopsTheInstanceAndRemovesItsFiles()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var server = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser("frank", "frank-pw")] }, cts.Token);
        var configFile = server.ConfigFile;
        var port = server.ImapPort;

        await server.DisposeAsync();

        Assert.False(File.Exists(configFile));
        using var probe = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(server.Host, port, cts.Token).AsTask());
    }

    [Fact]
    public async Task Start_FindsAnInstanceWhoseOwnerDied_StopsItAndRemovesItsFiles()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var options = new DovecotOptions { Users = [new DovecotUser("gina", "gina-pw")] };
        await using var orphan = await DovecotServer.StartAsync(options, cts.Token);
        var orphanRoot = Path.GetDirectoryName(orphan.ConfigFile)!;
        var masterPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(orphanRoot, "run", "master.pid"), cts.Token), System.Globalization.CultureInfo.InvariantCulture);
        // Pretend the test process that started it crashed: no live process has this id (above pid_max).
        await File.WriteAllTextAsync(Path.Combine(orphanRoot, "owner.pid"), "2147483647", cts.Token);

        await using var next = await DovecotServer.StartAsync(options, cts.Token);

        // The orphan's master has exited (not just been signalled) and its files are gone. Its port is not probed:
        // a server started by another test at the same moment may already have been given it.
        Assert.False(Directory.Exists(orphanRoot));
        Assert.False(Directory.Exists($"/proc/{masterPid}"), $"the orphan's dovecot master (pid {masterPid}) is still running");
    }

    [Fact]
    public async Task Start_WithInvalidOptions_ThrowsBeforeStartingAnything()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var options = new DovecotOptions { Users = [new DovecotUser("bad:name", "pw")] };

        await Assert.ThrowsAsync<ArgumentException>(() => DovecotServer.StartAsync(options, cts.Token));
    }
}
