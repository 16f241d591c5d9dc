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
}
