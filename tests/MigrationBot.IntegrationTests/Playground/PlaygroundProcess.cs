using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// The Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, run with node from tools/node)
/// started headless, without auth, in a working folder of its own (it reads its config and writes its log
/// and events recording there), pointed at a bot endpoint (BOTFRAMEWORK.md §2.2).
/// </summary>
internal sealed partial class PlaygroundProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlaygroundProcess(Process process, string workingDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
    }

    public string WorkingDirectory { get; }

    public Uri BaseUrl { get; private set; } = new("http://localhost/");

    public string RecordingPath => Path.Combine(WorkingDirectory, "events-recording.log");

    public string LogPath => Path.Combine(WorkingDirectory, "playground.log");

    /// <summary>What the process printed and logged so far, for failure messages.</summary>
    public string Diagnostics
    {
        get
        {
            string output;
            lock (_output)
            {
                output = _output.ToString();
            }

            var log = File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log file)";
            return $"--- playground output ---\n{output}\n--- {LogPath} ---\n{log}";
        }
    }

    public static async Task<PlaygroundProcess> StartAsync(Uri botEndpoint, PlaygroundIdentity identity, CancellationToken cancellationToken)
    {
        var cli = Path.Combine(NodeTools.RequirePackage(NodeTools.Playground), "cli.js");
        var workingDirectory = Directory.CreateTempSubdirectory("playground-").FullName;
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, ".m365agentsplayground.yml"), PlaygroundConfigFile.Render(identity), cancellationToken);

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            cli, "start", "--app-endpoint", botEndpoint.AbsoluteUri, "--channel-id", "msteams",
            "--port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--disable-telemetry", "--enable-events-recording",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        startInfo.Environment["M365_AGENTS_PLAYGROUND_RECORDING_FILE"] = Path.Combine(workingDirectory, "events-recording.log");
        startInfo.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workingDirectory, "playground.log");
        startInfo.Environment.Remove("AUTH_CLIENT_ID");
        startInfo.Environment.Remove("AUTH_CLIENT_SECRET");

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var playground = new PlaygroundProcess(process, workingDirectory);
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => playground.OnOutput(e.Data, listening);
        process.ErrorDataReceived += (_, e) => playground.OnOutput(e.Data, listening);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the Playground exited while starting"));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start node (is node 20+ on PATH?): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var port = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            playground.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            await playground.WaitUntilApiMountedAsync(cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            var diagnostics = playground.Diagnostics;
            await playground.DisposeAsync();
            throw new InvalidOperationException($"the Agents Playground did not start: {e.Message}\n{diagnostics}", e);
        }

        return playground;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (TimeoutException)
        {
            // Killed but not reaped in time; nothing more a test can do.
        }

        _process.Dispose();
    }

    // "Listening on N" comes first, but with a config file its schema rejects the server keeps listening
    // without mounting its API, so wait for an API answer too (testConfig answers at once; config waits for the bot).
    private async Task WaitUntilApiMountedAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("_internal/v1/testConfig", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline || _process.HasExited)
            {
                throw new TimeoutException("the Playground's API did not answer /_internal/v1/testConfig");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private void OnOutput(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
