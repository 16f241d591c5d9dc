using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

/// <summary>
/// The Native AOT binary, run as an operator runs it: plan, migrate (twice), verify, and a bad CSV's exit code. It is
/// built without ICU (invariant globalization), so folder names outside ASCII are part of the run.
/// </summary>
public sealed class AotCliTests
{
    [Fact]
    public async Task TheNativeAotBinary_PlansMigratesAndVerifies_NonAsciiFolderNamesIncluded_ARerunCopiesNothing_AndABadCsvExitsTwo()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var binary = await AotCli.PathAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("Projects.2024", cts.Token);
            await mailbox.AppendAsync("Projects.2024", SeedMessage.Text("<p1@aot.test>", "Plan", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<i1@aot.test>", "Hi", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.CreateFolderAsync("Entwürfe.Größe", cts.Token);
            await mailbox.AppendAsync("Entwürfe.Größe", SeedMessage.Text("<u1@aot.test>", "=?utf-8?b?R3LDtsOfZQ==?=", DateTimeOffset.UtcNow), cts.Token);
            await mailbox.CreateFolderAsync("日本語", cts.Token);
            await mailbox.AppendAsync("日本語", SeedMessage.Text("<u2@aot.test>", "Konnichiwa", DateTimeOffset.UtcNow), cts.Token);
        }

        await using (var mailbox = await pair.Source.OpenMailboxAsync("bob", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("<b1@aot.test>", "Hello", DateTimeOffset.UtcNow), cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        Environment.SetEnvironmentVariable(CliRun.AdminPasswordVariable, pair.Target.Options.MasterUser.Password);
        async Task<Command.Result> RunAsync(IEnumerable<string> args) => await Command.RunAsync(binary, args, TimeSpan.FromMinutes(2), cts.Token);

        var plan = await RunAsync(CliRun.Args(pair, "plan", csv));
        var first = await RunAsync(CliRun.Args(pair, "migrate", csv));
        var again = await RunAsync(CliRun.Args(pair, "migrate", csv));
        var verify = await RunAsync(CliRun.Args(pair, "verify", csv));
        var badCsv = await RunAsync(CliRun.Args(pair, "migrate", await CliRun.WriteCsvAsync(pair, "EmailAddress;Name\r\nnot-an-address\r\n", cts.Token)));

        Assert.True(plan.ExitCode == ExitCodes.Success, plan.Output + plan.Error);
        Assert.Matches(@"Projects/2024 +-> Projects/2024", plan.Output);
        Assert.Matches(@"Entwürfe/Größe +-> Entwürfe/Größe", plan.Output);
        Assert.Matches(@"日本語 +-> 日本語", plan.Output);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Output + first.Error);
        Assert.Contains("2/2 mailboxes succeeded; 5 messages", first.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Output + again.Error);
        Assert.Contains("2/2 mailboxes succeeded; 0 messages", again.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pair.Directory, "report", "report.json")));
        Assert.True(verify.ExitCode == ExitCodes.Success, verify.Output + verify.Error);
        Assert.Contains("alice@corpus.example: identical", verify.Output, StringComparison.Ordinal);
        Assert.Contains("bob@corpus.example: identical", verify.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, badCsv.ExitCode);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task TheNativeAotBinary_CopiesTheHostileCorpus_EachMessageByteIdenticalOrListedInSkippedCsvAlone()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var binary = await AotCli.PathAsync(cts.Token);
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var received = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        await pair.Source.DeliverRawAsync("alice", "INBOX", HostileCorpus.Messages.Select((m, i) => (m.Raw, received.AddMinutes(i))).ToList(), cts.Token);
        var sourceBytes = await HostileCorpus.AllBytesAsync(pair.Source, "alice", cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        Environment.SetEnvironmentVariable(CliRun.AdminPasswordVariable, pair.Target.Options.MasterUser.Password);

        var run = await Command.RunAsync(binary, CliRun.Args(pair, "migrate", csv), TimeSpan.FromMinutes(2), cts.Token);

        var targetBytes = await HostileCorpus.AllBytesAsync(pair.Target, MigrationPair.EmailOf("alice"), cts.Token);
        var skippedUids = (await File.ReadAllLinesAsync(Path.Combine(pair.Directory, "report", "skipped.csv"), cts.Token))
            .Skip(1).Where(line => line.Length > 0).Select(line => uint.Parse(line.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var missing = sourceBytes.Where(s => !targetBytes.Any(t => t.Hash == s.Hash)).ToList();
        // What is not on the target byte for byte is exactly what skipped.csv lists, and nothing arrived changed.
        Assert.Equal(missing.Select(m => m.Uid).Order(), skippedUids.Order());
        Assert.True(targetBytes.All(t => sourceBytes.Any(s => s.Hash == t.Hash)), "changed on the target: " + string.Join(" | ", targetBytes.Select(t => t.Start)));
        Assert.Equal(sourceBytes.Count - missing.Count, targetBytes.Count);
        Assert.True(missing.Count <= 1, "not copied: " + string.Join(" | ", missing.Select(m => m.Start)));
        Assert.True(run.ExitCode == (missing.Count == 0 ? ExitCodes.Success : ExitCodes.PartialFailure), run.Output + run.Error);
    }
}
