using MigrationBot.Bench.Corpus;
using Xunit.Abstractions;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string AdminPasswordVariable = "MIGRATIONBOT_TEST_TARGET_ADMIN_PASSWORD";

    private static readonly CorpusOptions Corpus = new()
    {
        Seed = 11,
        Users = 2,
        MessagesPerUser = 1500,
        TypicalMaxSize = 24 * 1024,
        Cases = CorpusCases.Default,
    };

    private static List<string> Args(MigrationPair pair, string csv, params string[] more) =>
    [
        "migrate", "--csv", csv,
        "--source-host", pair.Source.Host, "--source-port", pair.Source.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--source-security", "None",
        "--target-host", pair.Target.Host, "--target-port", pair.Target.ImapsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--target-security", "Ssl",
        "--target-allow-invalid-certificate", "--target-auth", "Master", "--target-admin", pair.Target.Options.MasterUser.Name,
        "--target-admin-password-env", AdminPasswordVariable,
        "--ledger", pair.LedgerPath, "--report", Path.Combine(pair.Directory, "report"),
        .. more,
    ];

    /// <summary>
    /// Starts the CLI again and again, each time SIGKILLed once <paramref name="beforeKill"/> has waited (it returns
    /// what it waited for, for the log), until <paramref name="times"/> kills landed; a run that ends first is not a
    /// kill, and after twice as many runs it stops trying.
    /// </summary>
    private static async Task<int> KillRepeatedlyAsync(
        MigrationPair pair, List<string> args, int times, Func<CliProcess, Task<string>> beforeKill, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        var environment = Environment(pair);
        var kills = 0;
        for (var i = 0; i < 2 * times && kills < times; i++)
        {
            using var cli = CliProcess.Start(args, environment);
            var waited = await beforeKill(cli);
            if (cli.HasExited)
            {
                output.WriteLine($"run {i + 1}: finished before the kill\n{cli.Output}");
                continue;
            }

            cli.Kill();
            await cli.WaitAsync(cancellationToken);
            kills++;
            output.WriteLine($"run {i + 1}: SIGKILL {waited}");
        }

        return kills;
    }

    /// <summary>Waits for the copy to start visibly, then a random 0-200 ms.</summary>
    private static Func<CliProcess, Task<string>> AfterFirstProgress(Random random, CancellationToken cancellationToken) => async cli =>
    {
        await Task.WhenAny(cli.FirstProgress, cli.WaitAsync(cancellationToken));
        var delay = random.Next(0, 200);
        await Task.Delay(delay, cancellationToken);
        return $"{delay} ms after the copy started";
    };

    /// <summary>Waits a random 150 ms up to <paramref name="maxMilliseconds"/> from the start (start-up included).</summary>
    private static Func<CliProcess, Task<string>> AtRandom(Random random, int maxMilliseconds, CancellationToken cancellationToken) => async cli =>
    {
        var delay = random.Next(150, maxMilliseconds);
        await Task.WhenAny(Task.Delay(delay, cancellationToken), cli.WaitAsync(cancellationToken));
        return $"{delay} ms after start";
    };

    private static async Task<string> CsvAsync(MigrationPair pair, CancellationToken cancellationToken)
    {
        var csv = Path.Combine(pair.Directory, "users.csv");
        await File.WriteAllTextAsync(csv, pair.Csv(), cancellationToken);
        return csv;
    }

    private static Task<int> RunToEndAsync(MigrationPair pair, string csv, ITestOutputHelper output, CancellationToken cancellationToken) =>
        RunToEndAsync(pair, Args(pair, csv), output, cancellationToken);

    private static async Task<int> RunToEndAsync(MigrationPair pair, List<string> args, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        using var cli = CliProcess.Start(args, Environment(pair));
        var exit = await cli.WaitAsync(cancellationToken);
        output.WriteLine(cli.Output);
        return exit;
    }

    /// <summary>The CLI's environment: the target administrator's password, which never goes on a command line.</summary>
    private static Dictionary<string, string> Environment(MigrationPair pair) =>
        new() { [AdminPasswordVariable] = pair.Target.Options.MasterUser.Password };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Migrate_KilledWithSigkillTenTimesAtRandomMoments_LeavesNothingMissingOrDuplicated(bool exchangeLikeTarget)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, Corpus.Users).Select(Corpus.UserName).ToList(), exchangeLikeTarget, cts.Token);
        // Enough small mail that ten kills land before the copy is done on any machine, pipelined or MULTIAPPEND: each
        // run copies for up to 200 ms after its first progress line, and the test may see that line late on a loaded
        // machine. With 6,000 a mailbox a CI run saw the copy finish on the 9th run (about 8,000 msg/s, 8 kills).
        await pair.SeedAsync(CorpusGenerator.Generate(Corpus with { MessagesPerUser = 12_000, TypicalMaxSize = 8 * 1024 }), cts.Token);

        // The Exchange-like target has no MULTIAPPEND: 4 APPEND connections per mailbox, each pipelining a batch.
        var csv = await CsvAsync(pair, cts.Token);
        var kills = await KillRepeatedlyAsync(pair, Args(pair, csv), times: 10, AfterFirstProgress(new Random(exchangeLikeTarget ? 4321 : 1234), cts.Token), output, cts.Token);
        Assert.True(kills == 10, $"only {kills} kills landed while the copy was running");

        Assert.Equal(0, await RunToEndAsync(pair, csv, output, cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_KilledTenTimesDuringAPassThatMirrorsMovesAndDeletions_LeavesTheTargetEqualToTheSource()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, Corpus.Users).Select(Corpus.UserName).ToList(), cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(Corpus), cts.Token);
        var csv = await CsvAsync(pair, cts.Token);
        Assert.Equal(0, await RunToEndAsync(pair, csv, output, cts.Token));

        // Between passes the users file every other INBOX message into a new folder, delete every seventh, and
        // receive new mail: the next pass moves, expunges and copies at once.
        foreach (var user in pair.Users)
        {
            await using var mailbox = await pair.Source.OpenMailboxAsync(user, cts.Token);
            await mailbox.CreateFolderAsync("Filed", cts.Token);
            var inbox = await mailbox.FetchAsync("INBOX", cts.Token);
            await mailbox.MoveAsync("INBOX", inbox.Where((_, i) => i % 2 == 0).Select(m => m.Uid).ToList(), "Filed", cts.Token);
            await mailbox.DeleteAsync("INBOX", inbox.Where((_, i) => i % 7 == 1).Select(m => m.Uid).ToList(), cts.Token);
            await mailbox.AppendAsync("INBOX", Enumerable.Range(1, 6000).Select(i => SeedMessage.Text($"late-{i}.{user}@crash.test", $"late {i}", DateTimeOffset.UtcNow.AddMinutes(-i))), cts.Token);
        }

        var args = Args(pair, csv, "--source-deletions", "Mirror");
        // Half the kills land while new mail is copied, half at any moment (the moves and expunges among them).
        var random = new Random(77);
        var afterProgress = AfterFirstProgress(random, cts.Token);
        var anyMoment = AtRandom(random, 700, cts.Token);
        var run = 0;
        var kills = await KillRepeatedlyAsync(pair, args, times: 10, cli => run++ % 2 == 0 ? afterProgress(cli) : anyMoment(cli), output, cts.Token);
        Assert.True(kills == 10, $"only {kills} kills landed while the pass was running");

        Assert.Equal(0, await RunToEndAsync(pair, args, output, cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_CtrlC_ExitsWith130AfterPrintingTheSummaryAndWritingTheReport_AndTheNextRunFinishes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, Corpus.Users).Select(Corpus.UserName).ToList(), cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(Corpus), cts.Token);
        var csv = await CsvAsync(pair, cts.Token);
        var environment = Environment(pair);

        int exit;
        string printed;
        using (var cli = CliProcess.Start(Args(pair, csv), environment))
        {
            await cli.FirstProgress.WaitAsync(cts.Token);
            await cli.InterruptAsync(cts.Token);
            exit = await cli.WaitAsync(cts.Token);
            printed = cli.Output;
        }

        output.WriteLine(printed);
        Assert.Equal(130, exit);
        Assert.Contains("mailboxes succeeded", printed, StringComparison.Ordinal);
        Assert.Contains("Report written to", printed, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(Path.Combine(pair.Directory, "report", "report.json"), cts.Token);
        Assert.Contains("Cancelled", report, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);

        Assert.Equal(0, await RunToEndAsync(pair, csv, output, cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_KilledThenSourceUidValidityChanges_ResumesWithoutCopyingTwice()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var pair = await MigrationPair.StartAsync(Enumerable.Range(1, Corpus.Users).Select(Corpus.UserName).ToList(), cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(Corpus), cts.Token);

        var csv = await CsvAsync(pair, cts.Token);
        var kills = await KillRepeatedlyAsync(pair, Args(pair, csv), times: 2, AfterFirstProgress(new Random(99), cts.Token), output, cts.Token);
        Assert.True(kills >= 1, "no kill landed while the copy was running");
        foreach (var user in pair.Users)
        {
            var (before, after) = await pair.Source.ResetUidValidityAsync(user, "INBOX", cts.Token);
            Assert.NotEqual(before, after);
        }

        Assert.Equal(0, await RunToEndAsync(pair, csv, output, cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
