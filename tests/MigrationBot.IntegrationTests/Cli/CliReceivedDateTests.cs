using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary><c>--received-after</c> and <c>--received-before</c>: which messages a run copies, by INTERNALDATE.</summary>
public sealed class CliReceivedDateTests
{
    private static readonly DateTimeOffset Cutoff = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SeedMessage Received(string id, DateTimeOffset date) =>
        SeedMessage.Text($"{id}@received.test", id, date) with { InternalDate = date };

    [Fact]
    public async Task Migrate_ReceivedBefore_CopiesOnlyOlderMessagesAndVerifyAgrees()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.AppendAsync("INBOX", [
                Received("old", Cutoff.AddDays(-3)), Received("last-second", Cutoff.AddSeconds(-1)),
                Received("at-cutoff", Cutoff), Received("new", Cutoff.AddDays(3))], cts.Token);
        }

        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        string[] filter = ["--received-before", "2024-01-01"];

        var (exit, output) = await CliRun.RunAsync(pair, [.. CliRun.Args(pair, "migrate", csv), .. filter], cts.Token);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("1/1 mailboxes succeeded; 2 messages", output, StringComparison.Ordinal);
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
        {
            var copied = (await target.FetchAsync("INBOX", cts.Token)).Select(m => m.MessageId).Order(StringComparer.Ordinal);
            Assert.Equal(["last-second@received.test", "old@received.test"], copied);
        }

        var skipped = await File.ReadAllTextAsync(Path.Combine(pair.Directory, "report", "skipped.csv"), cts.Token);
        Assert.Equal(2, skipped.Split('\n').Count(l => l.Contains("date filter", StringComparison.Ordinal)));
        var (verifyExit, verify) = await CliRun.RunAsync(pair, [.. CliRun.Args(pair, "verify", csv), .. filter], cts.Token);
        Assert.Equal(ExitCodes.Success, verifyExit);
        Assert.Contains("INBOX -> INBOX: source 2, target 2, missing 0", verify, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_ReceivedAfterAndBefore_CopiesOnlyTheWindow()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", [Received("before", Cutoff.AddDays(-1)), Received("inside", Cutoff.AddDays(1)), Received("after", Cutoff.AddDays(40))], cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);

        var (exit, _) = await CliRun.RunAsync(pair, [.. CliRun.Args(pair, "migrate", csv), "--received-after", "2024-01-01", "--received-before", "2024-02-01"], cts.Token);

        Assert.Equal(ExitCodes.Success, exit);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        Assert.Equal("inside@received.test", Assert.Single(await target.FetchAsync("INBOX", cts.Token)).MessageId);
    }

    [Theory]
    [InlineData("--received-before", "2024-13-01", "error: --received-before must be a date like 2024-01-31, not '2024-13-01'")]
    [InlineData("--received-before", "01/02/2024", "error: --received-before must be a date like 2024-01-31, not '01/02/2024'")]
    [InlineData("--received-after", "2024-02-01", "error: --received-after (2024-02-01) must be earlier than --received-before (2024-01-01)")]
    [InlineData("--received-after", "2024-01-01", "error: --received-after (2024-01-01) must be earlier than --received-before (2024-01-01)")]
    public async Task Migrate_ReceivedDatesThatDoNotMakeAWindow_AreBadInputInOneLine(string option, string value, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", Received("any", Cutoff.AddDays(-1)), cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var args = CliRun.Args(pair, "migrate", csv);
        if (option != "--received-before")
            args.AddRange(["--received-before", "2024-01-01"]);
        args.AddRange([option, value]);

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(expected, Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd());
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        Assert.Empty(await target.FetchAsync("INBOX", cts.Token));
    }
}
