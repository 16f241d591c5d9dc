using System.Diagnostics;
using System.Globalization;
using System.Text;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Demo;

/// <summary>
/// Runs the built demo servers tool (tools/MigrationBot.DemoServers) as run.sh does: a child process writing demo.json
/// into a directory of the test's own, ready once it prints its ready line.
/// </summary>
internal sealed class DemoServersProcess : IAsyncDisposable
{
    public const string ReadyLine = "demo servers ready";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DemoServersProcess(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    /// <summary>Where demo.json, the CSVs and the Maildirs (<c>demo/</c>) go.</summary>
    public string Directory { get; }

    public string JsonFile => Path.Combine(Directory, "demo.json");

    public string DataDirectory => Path.Combine(Directory, "demo");

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// The tool's dll. The test project builds it (a ProjectReference without its assembly, which would clash with the
    /// Servers and Corpus files both compile), so it sits beside this project's output in the artifacts tree:
    /// <c>artifacts/bin/MigrationBot.DemoServers/&lt;same pivot as these tests&gt;/</c>.
    /// </summary>
    public static string Dll =>
        ArtifactsPaths.Sibling("MigrationBot.DemoServers", "MigrationBot.DemoServers.dll", "build tests/MigrationBot.IntegrationTests first");

    /// <summary>
    /// A temp dir for one run, open to others as a repository's .run/ is: started as root, Dovecot reaches the Maildirs
    /// below it as nobody (CreateTempSubdirectory alone gives 0700).
    /// </summary>
    public static string CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The demo servers run on Linux.");
        var directory = System.IO.Directory.CreateTempSubdirectory("migrationbot-demo-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    public static DemoServersProcess Start(string directory)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(Path.Combine(directory, "demo.json"));
        var process = new Process { StartInfo = info };
        var demo = new DemoServersProcess(process, directory);
        process.OutputDataReceived += (_, e) => demo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => demo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return demo;
    }

    /// <summary>Starts the tool in <paramref name="directory"/> and waits for its ready line.</summary>
    public static async Task<DemoServersProcess> StartReadyAsync(string directory, CancellationToken ct)
    {
        var demo = Start(directory);
        try
        {
            // WaitForExitAsync also waits for the last output lines, so a failure says what the tool said.
            var exited = demo._process.WaitForExitAsync(ct);
            if (await Task.WhenAny(demo._ready.Task, exited) == exited)
            {
                await exited;
                throw new InvalidOperationException($"The demo servers exited with code {demo.ExitCode} before they were ready:{Environment.NewLine}{demo.Output}");
            }
            return demo;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await demo.DisposeAsync();
            throw new TimeoutException($"The demo servers were not ready in time:{Environment.NewLine}{demo.Output}");
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, as <c>run.sh --stop</c> sends it; then waits for the process to exit.</summary>
    public async Task TerminateAsync(CancellationToken ct)
    {
        (await Command.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), ct))
            .EnsureSuccess("kill -TERM");
        await _process.WaitForExitAsync(ct);
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>SIGKILL of the tool alone, like a crash: its Dovecot instances outlive it.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(ct);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line == ReadyLine)
            _ready.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await TerminateAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
