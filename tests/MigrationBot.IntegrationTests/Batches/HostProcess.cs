using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// The real host (<c>MigrationBot.Host.dll</c>, built beside these tests) as a child process on a free loopback port:
/// Development with the unauthenticated switch, so the test posts activities as the Playground does. It can be killed
/// with SIGKILL and started again on the same database.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The host's process id (to read its peak RSS and CPU time).</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The host's dll: <c>artifacts/bin/MigrationBot/&lt;same pivot as these tests&gt;/MigrationBot.Host.dll</c>.</summary>
    public static string Dll => ArtifactsPaths.Sibling("MigrationBot", "MigrationBot.Host.dll", "build the solution first");

    /// <param name="dll">The host to run; default: the one built beside these tests (<see cref="Dll"/>).</param>
    public static async Task<HostProcess> StartAsync(string directory, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, string? dll = null)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll ?? Dll);
        var all = new Dictionary<string, string>(settings)
        {
            ["environment"] = "Development",
            ["urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["contentRoot"] = directory,
            ["Store:SqlitePath"] = Path.Combine(directory, "migrationbot.db"),
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in all)
            info.ArgumentList.Add($"--{key}={value}");
        var process = new Process { StartInfo = info };
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the host exited with {process.ExitCode} while starting:\n{host.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(host.BaseUrl, "healthz"), cancellationToken)).IsSuccessStatusCode)
                    return host;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Posts an <c>adaptiveCard/action</c> invoke as Teams does and returns the invoke response's body.</summary>
    public async Task<JsonElement> InvokeAsync(string verb, object data, string aadObjectId, CancellationToken cancellationToken)
    {
        var activity = new
        {
            type = "invoke",
            name = "adaptiveCard/action",
            id = Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = "http://127.0.0.1:9/connector",
            from = new { id = "29:" + aadObjectId, aadObjectId },
            recipient = new { id = "28:bot", name = "MigrationBot" },
            conversation = new { id = "19:it@thread.tacv2", conversationType = "channel", tenantId = "tenant-1" },
            channelData = new { tenant = new { id = "tenant-1" } },
            value = new { action = new { type = "Action.Execute", verb, data } },
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync(new Uri(BaseUrl, "api/messages"), activity, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as a crash or an OOM kill.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
