using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>The real executable: log entries go to stderr, one line each, and stdout stays the command's answer.</summary>
public sealed class CliLoggingTests
{
    [Fact]
    public async Task Migrate_Verbose_LogsTheEnginesProgressToStderrNotStdout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<log@cli.test>", "logged", DateTimeOffset.UtcNow), cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);

        var (exit, output, error) = await CliRun.RunProcessAsync(pair, [.. CliRun.Args(pair, "migrate", csv), "--verbose"], cts.Token);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("1/1 mailboxes succeeded", output, StringComparison.Ordinal);
        Assert.Contains("info: MigrationBot.Engine.Sync.MigrationRunner[1] Mailbox alice@corpus.example: pass started", error, StringComparison.Ordinal);
        Assert.DoesNotContain("pass started", output, StringComparison.Ordinal);
        Assert.DoesNotContain(MigrationPair.Password, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(pair.Target.Options.MasterUser.Password, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_RefusedLoginWithoutVerbose_LogsTheErrorToStderrAndNoInformation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, "EmailAddress,UserName,Password\r\nalice@corpus.example,alice,Wrong-Pa55word\r\n", cts.Token);

        var (exit, output, error) = await CliRun.RunProcessAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token);

        Assert.Equal(ExitCodes.Authentication, exit);
        var line = Assert.Single(error.Split('\n'), l => l.Contains("fail: ", StringComparison.Ordinal));
        Assert.Contains("Mailbox alice@corpus.example: AuthenticationFailed: source: authentication failed for alice on", line, StringComparison.Ordinal);
        Assert.DoesNotContain("info: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("fail: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Pa55word", output + error, StringComparison.Ordinal);
    }
}
