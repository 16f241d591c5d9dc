using MigrationBot.IntegrationTests.Servers;
using System.Diagnostics;
using System.Globalization;

namespace MigrationBot.Bench;

/// <summary>Runs <c>migrationbot migrate</c> in its own process and measures its wall time and peak RSS.</summary>
internal static class EngineRun
{
    public const string AdminPasswordVariable = "MIGRATIONBOT_BENCH_TARGET_ADMIN_PASSWORD";

    public sealed record Result(TimeSpan Elapsed, long? PeakRss, TimeSpan? Cpu, string Output);

    public static async Task<Result> MigrateAsync(
        string cli, int concurrency, DovecotServer source, DovecotServer target, string csv, string ledger, string report, string? user, CancellationToken cancellationToken)
    {
        // MIGRATIONBOT_BENCH_PERF=FILE records the engine with `perf record` (CPU samples; JIT symbols from perf maps), at
        // MIGRATIONBOT_BENCH_PERF_HZ samples a second (499 unless given).
        var perf = Environment.GetEnvironmentVariable("MIGRATIONBOT_BENCH_PERF");
        var command = Command(cli).Concat(Arguments(cli, concurrency, source, target, csv, ledger, report, user).Skip(1)).ToList();
        var info = new ProcessStartInfo(perf is null ? command[0] : "perf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (perf is not null)
        {
            foreach (var arg in new[] { "record", "-F", Environment.GetEnvironmentVariable("MIGRATIONBOT_BENCH_PERF_HZ") ?? "499", "-g", "-o", $"{perf}.{DateTime.UtcNow:HHmmss}.data", "--", command[0] })
                info.ArgumentList.Add(arg);
            info.Environment["DOTNET_PerfMapEnabled"] = "1";
            info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        foreach (var arg in command.Skip(1))
            info.ArgumentList.Add(arg);
        info.Environment[AdminPasswordVariable] = target.Options.MasterUser.Password;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start migrationbot");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long? peak = null;
        TimeSpan? cpu = null;
        while (!process.HasExited)
        {
            peak = PeakRss.Read(process.Id) ?? peak;
            cpu = PeakRss.CpuTime(process.Id) ?? cpu;
            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(50, cancellationToken));
        }

        clock.Stop();
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"migrationbot exited with {process.ExitCode}:\n{output}");
        return new Result(clock.Elapsed, peak, cpu, output);
    }

    /// <summary>
    /// How the CLI starts: <c>dotnet migrationbot.dll</c> for a framework-dependent build, or the executable itself
    /// for a self-contained one (whose runtime is its own, as a composite ReadyToRun publish needs).
    /// </summary>
    public static IReadOnlyList<string> Command(string cli) =>
        cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", cli] : [cli];

    /// <summary>The arguments of <c>dotnet</c> for one <c>migrationbot migrate</c>; <paramref name="user"/> limits it to that mailbox.</summary>
    public static IReadOnlyList<string> Arguments(
        string cli, int concurrency, DovecotServer source, DovecotServer target, string csv, string ledger, string report, string? user = null)
    {
        List<string> args =
        [
            cli, "migrate", "--csv", csv,
            "--source-host", source.Host, "--source-port", source.ImapPort.ToString(CultureInfo.InvariantCulture), "--source-security", "None",
            "--target-host", target.Host, "--target-port", target.ImapPort.ToString(CultureInfo.InvariantCulture), "--target-security", "None",
            "--target-auth", "Master", "--target-admin", target.Options.MasterUser.Name, "--target-admin-password-env", AdminPasswordVariable,
            "--ledger", ledger, "--report", report, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
        ];
        if (user is not null)
            args.AddRange(["--user", user]);
        return args;
    }
}
