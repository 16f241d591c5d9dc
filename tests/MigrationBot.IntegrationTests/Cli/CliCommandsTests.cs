using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

public sealed class CliCommandsTests
{
    [Fact]
    public async Task PlanMigrateVerify_OverACsvWithAnAdminLogin_WorkEndToEnd()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("Projects.2024", cts.Token);
            await mailbox.AppendAsync("Projects.2024", SeedMessage.Text("<p1@cli.test>", "Plan", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<i1@cli.test>", "Hi", DateTimeOffset.UtcNow), cts.Token);
        }

        // bob's row uses Dovecot's master-user form: the source admin logs in for bob.
        var admin = pair.Source.Options.MasterUser;
        var csv = await CliRun.WriteCsvAsync(pair,
            $"EmailAddress,UserName,Password\r\nalice@corpus.example,alice,{MigrationPair.Password}\r\nbob@corpus.example,{pair.Source.MasterLogin("bob")},{admin.Password}\r\n",
            cts.Token);

        var (planExit, plan) = await CliRun.RunAsync(pair, CliRun.Args(pair, "plan", csv), cts.Token);
        Assert.Equal(ExitCodes.Success, planExit);
        Assert.Matches(@"Projects/2024 +-> Projects/2024", plan);

        var (migrateExit, migrate) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token);
        Assert.Equal(ExitCodes.Success, migrateExit);
        Assert.Contains("2/2 mailboxes succeeded; 2 messages", migrate, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pair.Directory, "report", "report.json")));

        var (verifyExit, verify) = await CliRun.RunAsync(pair, CliRun.Args(pair, "verify", csv), cts.Token);
        Assert.Equal(ExitCodes.Success, verifyExit);
        Assert.Contains("alice@corpus.example: identical", verify, StringComparison.Ordinal);
        Assert.Contains("bob@corpus.example: identical", verify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TargetMissingAMessage_ReportsTheDifference()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [SeedMessage.Text("<a@cli.test>", "A", DateTimeOffset.UtcNow), SeedMessage.Text("<b@cli.test>", "B", DateTimeOffset.UtcNow)], cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token)).Exit);
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
        {
            var messages = await target.FetchAsync("INBOX", cts.Token);
            await target.DeleteAsync("INBOX", [messages[0].Uid], cts.Token);
        }

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "verify", csv), cts.Token);

        Assert.Equal(ExitCodes.Differences, exit);
        Assert.Contains("missing 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DocumentsEveryCommandAndSecretOption()
    {
        using var output = new StringWriter();
        var exit = await CliApp.RunAsync(["migrate", "--help"], output, output, CancellationToken.None);

        Assert.Equal(0, exit);
        var text = output.ToString();
        foreach (var option in new[] { "--csv", "--source-host", "--source-auth", "--source-client-secret-env", "--target-auth", "--client-secret-env", "--client-secret-file", "--target-admin-password-env", "--exclude-folder", "--max-message-size-mb", "--received-after", "--received-before", "--verbose", "--ledger", "--report" })
            Assert.Contains(option, text, StringComparison.Ordinal);
    }
}
