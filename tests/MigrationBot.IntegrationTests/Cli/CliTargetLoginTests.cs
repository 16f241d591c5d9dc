using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

public sealed class CliTargetLoginTests
{
    [Fact]
    public async Task Migrate_TargetAuthPassword_LogsEachMailboxInWithTheCsvsPasswordAndCopiesIntoIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token);
        foreach (var user in pair.Users)
        {
            await using var mailbox = await pair.Source.OpenMailboxAsync(user, cts.Token);
            await mailbox.AppendAsync("INBOX", SeedMessage.Text($"<{user}@login.test>", user, DateTimeOffset.UtcNow), cts.Token);
        }

        // IMAP to IMAP: the target mailboxes are the CSV's addresses, with the same passwords (as the pair sets up).
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var args = CliRun.Args(pair, "migrate", csv);
        var auth = args.IndexOf("--target-auth");
        args.RemoveRange(auth, 6); // --target-auth Master --target-admin X --target-admin-password-env Y
        args.InsertRange(auth, ["--target-auth", "Password"]);
        args[args.IndexOf("--ledger") + 1] = Path.Combine(pair.Directory, "new-ledger.db");

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("2/2 mailboxes succeeded; 2 messages", output, StringComparison.Ordinal);
        Assert.Contains("note: the ledger", output, StringComparison.Ordinal);
        Assert.DoesNotContain(MigrationPair.Password, output, StringComparison.Ordinal);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
