using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

public sealed class CliVerifyTests
{
    [Fact]
    public async Task Verify_FolderTheTargetRefusedAtCreate_ComparesTheFolderItWasCreatedAs()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            // Dovecot refuses a leading '~' at CREATE, so the migration creates '_Old mail' in its place.
            await mailbox.CreateFolderAsync("~Old mail", cts.Token);
            await mailbox.AppendAsync("~Old mail", SeedMessage.Text("<tilde@verify.test>", "kept", DateTimeOffset.UtcNow), cts.Token);
        }

        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token)).Exit);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "verify", csv), cts.Token);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("alice@corpus.example: identical", output, StringComparison.Ordinal);
        Assert.Contains("~Old mail -> _Old mail: source 1, target 1, missing 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongSourcePassword_ExitsWithAuthenticationFailure()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, "EmailAddress,UserName,Password\r\nalice@corpus.example,alice,Wrong-Pa55word\r\n", cts.Token);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "verify", csv), cts.Token);

        Assert.Equal(ExitCodes.Authentication, exit);
        Assert.Contains("source: authentication failed for alice on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Pa55word", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DIFFERENT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnreachableSource_ExitsWithConnectionFailure()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var closedPort = FreePort.Next();

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "verify", csv, sourcePort: closedPort), cts.Token);

        Assert.Equal(ExitCodes.Connection, exit);
        Assert.Contains($"source: cannot connect to 127.0.0.1:{closedPort}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("DIFFERENT", output, StringComparison.Ordinal);
    }
}
