using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A private Postfix (Debian's postfix) on 127.0.0.1 and a free port, from its own config directory, that accepts mail
/// for one domain and delivers it over LMTP to a test Dovecot (DESIGN.md §9); nothing leaves the machine. No xunit.
/// </summary>
public sealed class PostfixServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/postfix";
    private readonly string _directory;

    private PostfixServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public string LogFile => Path.Combine(_directory, "postfix.log");

    /// <param name="domain">The one domain it accepts mail for.</param>
    /// <param name="lmtpPort">Dovecot's LMTP port on 127.0.0.1, where every accepted message goes.</param>
    public static async Task<PostfixServer> StartAsync(string domain, int lmtpPort, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: run ./scripts/install-deps.sh (Debian package postfix)");
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Postfix runs on Linux.");
        if (Environment.UserName != "root")
            throw new InvalidOperationException("the private Postfix starts as root (its daemons drop to the postfix user); run the tests as root");
        var directory = Directory.CreateTempSubdirectory("migrationbot-postfix-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var etc = Directory.CreateDirectory(Path.Combine(directory, "etc")).FullName;
        var queue = Directory.CreateDirectory(Path.Combine(directory, "queue")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(etc, "main.cf"), string.Join('\n',
            "compatibility_level = 3.6",
            $"queue_directory = {queue}",
            $"data_directory = {data}",
            "meta_directory = /etc/postfix",
            $"maillog_file = {Path.Combine(directory, "postfix.log")}",
            $"maillog_file_prefixes = {directory}",
            "myhostname = localhost",
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            $"mydestination = {domain}",
            "local_recipient_maps =",
            $"local_transport = lmtp:inet:127.0.0.1:{lmtpPort.ToString(CultureInfo.InvariantCulture)}",
            "alias_maps =",
            "alias_database =",
            "mynetworks = 127.0.0.0/8",
            "default_transport = error:this test Postfix delivers nothing outside its domain",
            "relay_transport = error:this test Postfix relays nothing",
            "smtputf8_enable = no",
            "") + "\n", cancellationToken);
        // Debian's master.cf, unchrooted (its chroot lacks the test's files), with our own listener instead of port 25.
        var master = new StringBuilder();
        foreach (var line in await File.ReadAllLinesAsync("/etc/postfix/master.cf", cancellationToken))
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith('#') || line.StartsWith(' ') || line.StartsWith('\t') || fields.Length < 8)
            {
                master.AppendLine(line);
                continue;
            }

            if (fields[1] == "inet")
                continue;
            fields[4] = "n";
            master.AppendLine(string.Join(' ', fields));
        }

        master.AppendLine($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} inet n - n - - smtpd");
        await File.WriteAllTextAsync(Path.Combine(etc, "master.cf"), master.ToString(), cancellationToken);
        await RunAsync("chown", ["-R", "postfix:postfix", queue, data], cancellationToken);

        var server = new PostfixServer(directory, port);
        await RunAsync(Binary, ["-c", etc, "check"], cancellationToken, server.LogFile);
        await RunAsync(Binary, ["-c", etc, "start"], cancellationToken, server.LogFile);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!Listening(port))
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Postfix did not listen on {port} within 15 s; log:\n{server.ReadLog()}");
            await Task.Delay(50, cancellationToken);
        }

        return server;
    }

    public string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Binary, ["-c", Path.Combine(_directory, "etc"), "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still writing as it exits: the temp dir is harmless.
        }
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken, string? log = null)
    {
        // Output goes to a file, never a pipe: Postfix's daemons keep the caller's descriptors open (as Dovecot's do).
        var output = Path.GetTempFileName();
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >\"" + output + "\" 2>&1 </dev/null");
        info.ArgumentList.Add(file);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        await process.WaitForExitAsync(cancellationToken);
        var text = await File.ReadAllTextAsync(output, cancellationToken);
        File.Delete(output);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {text}" + (log is not null && File.Exists(log) ? "\n" + await File.ReadAllTextAsync(log, cancellationToken) : ""));
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
