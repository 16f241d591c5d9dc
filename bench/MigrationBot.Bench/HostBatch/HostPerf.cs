using System.Diagnostics;

namespace MigrationBot.Bench.HostBatch;

/// <summary>
/// <c>MIGRATIONBOT_BENCH_PERF=FILE</c> records the host too, as <see cref="EngineRun"/> records the CLI: <c>perf record</c>
/// attached to the running host from a batch's submit until it is synced, stopped with SIGINT so it writes its file.
/// JIT-compiled frames have names only when the host writes a perf map and maps its code once (not W^X-doubled): the
/// host inherits the benchmark's environment, so run the benchmark with <c>DOTNET_PerfMapEnabled=1
/// DOTNET_EnableWriteXorExecute=0</c>.
/// </summary>
internal sealed class HostPerf : IAsyncDisposable
{
    private readonly Process? _perf;

    private HostPerf(Process? perf) => _perf = perf;

    public static async Task<HostPerf> StartAsync(int pid, string batch, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("MIGRATIONBOT_BENCH_PERF") is not { } file)
            return new HostPerf(null);
        var info = new ProcessStartInfo("perf") { UseShellExecute = false };
        foreach (var arg in new[] { "record", "-F", "499", "-g", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", $"{file}.host-{batch}.{DateTime.UtcNow:HHmmss}.data" })
            info.ArgumentList.Add(arg);
        var perf = Process.Start(info) ?? throw new InvalidOperationException("could not start perf");
        // perf needs a moment to attach to every thread before the submit makes them busy.
        await Task.Delay(500, cancellationToken);
        return new HostPerf(perf);
    }

    public async ValueTask DisposeAsync()
    {
        if (_perf is null)
            return;
        using (var kill = Process.Start("kill", ["-INT", _perf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await _perf.WaitForExitAsync();
        _perf.Dispose();
    }
}
