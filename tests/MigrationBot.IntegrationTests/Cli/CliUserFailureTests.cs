using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>Failures an operator causes and can fix: one line naming what to change, the exit code, no stack trace.</summary>
public sealed class CliUserFailureTests
{
    private const string StackFrame = "   at ";

    private static async Task<(MigrationPair Pair, string Csv)> StartAsync(CancellationToken cancellationToken)
    {
        var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cancellationToken);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cancellationToken))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<user-failure@cli.test>", "kept", DateTimeOffset.UtcNow), cancellationToken);
        return (pair, await CliRun.WriteCsvAsync(pair, pair.Csv(), cancellationToken));
    }

    [Theory]
    [InlineData("--ledger", "/proc/migrationbot-ledger.db", "cannot open the ledger", "give --ledger a new file or an existing MigrationBot ledger, in a directory you can write to")]
    [InlineData("--ledger", "{csv}/ledger.db", "cannot open the ledger", "give --ledger a new file or an existing MigrationBot ledger, in a directory you can write to")]
    [InlineData("--ledger", "{csv}", "cannot open the ledger", "give --ledger a new file or an existing MigrationBot ledger, in a directory you can write to")]
    [InlineData("--report", "/proc/migrationbot-report", "cannot write the report to", "give --report a directory you can write to")]
    [InlineData("--report", "{csv}/report", "cannot write the report to", "give --report a directory you can write to")]
    public async Task Migrate_PathItCannotWrite_IsBadInputNamingTheOptionBeforeAnythingIsCopied(string option, string path, string problem, string fix)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (pair, csv) = await StartAsync(cts.Token);
        await using var _ = pair;
        path = path.Replace("{csv}", csv, StringComparison.Ordinal);
        var args = CliRun.Args(pair, "migrate", csv);
        args[args.IndexOf(option) + 1] = path;

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: {problem} '{path}' (", line, StringComparison.Ordinal);
        Assert.EndsWith(fix, line.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(StackFrame, output, StringComparison.Ordinal);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        Assert.Empty(await target.FetchAsync("INBOX", cts.Token));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("verify")]
    [InlineData("migrate")]
    public async Task Command_CsvThatCannotBeRead_IsBadInputNamingTheFile(string command)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (pair, _) = await StartAsync(cts.Token);
        await using var __ = pair;

        // Linux refuses to read a process's memory at address 0: the file exists, reading it fails.
        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, command, "/proc/self/mem"), cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith("error: cannot read the CSV file '/proc/self/mem' (", line, StringComparison.Ordinal);
        Assert.DoesNotContain(StackFrame, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AdminPasswordFileThatCannotBeRead_IsBadInputNamingTheFile()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (pair, csv) = await StartAsync(cts.Token);
        await using var _ = pair;
        var args = CliRun.Args(pair, "verify", csv);
        args[args.IndexOf("--target-admin-password-env")] = "--target-admin-password-file";
        args[args.IndexOf("--target-admin-password-file") + 1] = "/proc/self/mem";

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith("error: cannot read the target administrator's password file '/proc/self/mem' (", line, StringComparison.Ordinal);
        Assert.DoesNotContain(StackFrame, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan", "--no-such-option", null)]
    [InlineData("verify", "--source-security", "Plain")]
    [InlineData("migrate", "--concurrency", "many")]
    public async Task Command_OptionThatDoesNotParse_IsBadInputInOneLine(string command, string option, string? value)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (pair, csv) = await StartAsync(cts.Token);
        await using var _ = pair;
        var args = CliRun.Args(pair, command, csv);
        args.Add(option);
        if (value is not null)
            args.Add(value);

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        Assert.Equal("(--help lists every command and option)", lines[1].TrimEnd());
    }
}
