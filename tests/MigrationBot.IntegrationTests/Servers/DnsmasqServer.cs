using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A private dnsmasq (Debian's dnsmasq-base) on 127.0.0.1 and a free port, serving MX records for test domains and
/// NXDOMAIN for every other name under <c>.test</c> and <c>.example</c> (DESIGN.md §9). No xunit dependency.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/dnsmasq";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DnsmasqServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    /// <param name="mx">Per domain, its MX hosts with their preference.</param>
    public static async Task<DnsmasqServer> StartAsync(IReadOnlyDictionary<string, (string Host, int Preference)[]> mx, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: run ./scripts/install-deps.sh (Debian package dnsmasq-base)");
        var port = FreePort.Next();
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null", "--pid-file=", "--user=nobody", "--group=nogroup",
            $"--port={port.ToString(CultureInfo.InvariantCulture)}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts", "--local=/test/", "--local=/example/",
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (domain, hosts) in mx)
        {
            foreach (var (host, preference) in hosts)
                info.ArgumentList.Add($"--mx-host={domain},{host},{preference.ToString(CultureInfo.InvariantCulture)}");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dnsmasq did not start");
        var server = new DnsmasqServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Listening(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"dnsmasq did not come up on port {port}:\n{server.Output}");
            await Task.Delay(25, cancellationToken);
        }

        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>dnsmasq answers TCP too once it listens: a connect tells that it is up.</summary>
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

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
