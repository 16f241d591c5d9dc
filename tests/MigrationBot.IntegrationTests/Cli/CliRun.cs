using System.Globalization;
using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;
using Microsoft.Extensions.Logging;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>Runs the CLI in-process against a <see cref="MigrationPair"/> and captures what it prints.</summary>
internal static class CliRun
{
    public const string AdminPasswordVariable = "MIGRATIONBOT_CLI_TEST_ADMIN_PASSWORD";

    public static List<string> Args(MigrationPair pair, string command, string csv, int? sourcePort = null, string sourceSecurity = "None", bool allowInvalidTargetCertificate = true)
    {
        List<string> args =
        [
            command, "--csv", csv,
            "--source-host", pair.Source.Host, "--source-port", (sourcePort ?? pair.Source.ImapPort).ToString(CultureInfo.InvariantCulture), "--source-security", sourceSecurity,
            "--target-host", pair.Target.Host, "--target-port", pair.Target.ImapsPort.ToString(CultureInfo.InvariantCulture), "--target-security", "Ssl",
            "--target-auth", "Master", "--target-admin", pair.Target.Options.MasterUser.Name, "--target-admin-password-env", AdminPasswordVariable,
        ];
        if (allowInvalidTargetCertificate)
            args.Add("--target-allow-invalid-certificate");
        if (command == "migrate")
            args.AddRange(["--ledger", pair.LedgerPath, "--report", Path.Combine(pair.Directory, "report")]);
        return args;
    }

    public static async Task<(int Exit, string Output)> RunAsync(MigrationPair pair, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(AdminPasswordVariable, pair.Target.Options.MasterUser.Password);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        // Progress lines and log entries come from several mailboxes at once.
        var writer = TextWriter.Synchronized(output);
        var exit = await CliApp.RunAsync(
            args.ToArray(), writer, writer, _ => LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new WriterLoggerProvider(writer))), cancellationToken);
        return (exit, output.ToString());
    }

    /// <summary>Runs the built <c>migrationbot</c> executable, as an operator would, keeping stdout and stderr apart.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunProcessAsync(MigrationPair pair, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(AdminPasswordVariable, pair.Target.Options.MasterUser.Password);
        var dll = Path.Combine(AppContext.BaseDirectory, "migrationbot.dll");
        var result = await Command.RunAsync("dotnet", args.Prepend(dll), TimeSpan.FromMinutes(2), cancellationToken);
        return (result.ExitCode, result.Output, result.Error);
    }

    public static async Task<string> WriteCsvAsync(MigrationPair pair, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(pair.Directory, $"users-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, content, cancellationToken);
        return path;
    }
}
