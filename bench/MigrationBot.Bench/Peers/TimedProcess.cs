using System.Diagnostics;
using System.Globalization;

namespace MigrationBot.Bench.Peers;

/// <summary>
/// Runs one client process under GNU time (<c>/usr/bin/time</c>, Debian package <c>time</c>), which reads the exit
/// rusage of the process and every child it waited for: user+system CPU and peak RSS to the last tick, where
/// polling /proc would miss whatever a short run does in its last interval.
/// </summary>
internal static class TimedProcess
{
    private const string Time = "/usr/bin/time";

    public sealed record Result(int ExitCode, TimeSpan Cpu, long PeakRss, string Output);

    public static async Task<Result> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(Time))
            throw new InvalidOperationException($"{Time} is missing: install Debian's package 'time'");
        var rusage = Path.Combine(workDirectory, $"rusage-{Guid.NewGuid():N}.txt");
        var info = new ProcessStartInfo(Time) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%U %S %M", "-o", rusage })
            info.ArgumentList.Add(arg);
        foreach (var arg in command)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        // A child that fails makes time write "Command exited with non-zero status N" before the figures.
        var fields = (await File.ReadAllLinesAsync(rusage, cancellationToken)).Last().Split(' ');
        File.Delete(rusage);
        var cpu = TimeSpan.FromSeconds(double.Parse(fields[0], CultureInfo.InvariantCulture) + double.Parse(fields[1], CultureInfo.InvariantCulture));
        return new Result(process.ExitCode, cpu, long.Parse(fields[2], CultureInfo.InvariantCulture) * 1024, output);
    }
}
