using MigrationBot.Cli;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Cli;

public sealed class CliBadInputTests
{
    private static async Task SeedInboxAsync(MigrationPair pair, string user, int count, CancellationToken cancellationToken)
    {
        await using var mailbox = await pair.Source.OpenMailboxAsync(user, cancellationToken);
        await mailbox.AppendAsync("INBOX", Enumerable.Range(0, count).Select(i =>
            SeedMessage.Text($"<{user}-{i}@cli.test>", $"Message {i}", DateTimeOffset.UtcNow.AddDays(-i))), cancellationToken);
    }

    private static async Task<int> TargetCountAsync(MigrationPair pair, string user, CancellationToken cancellationToken)
    {
        await using var mailbox = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf(user), cancellationToken);
        return (await mailbox.FetchAsync("INBOX", cancellationToken)).Count;
    }

    [Fact]
    public async Task Migrate_CsvWithProblems_ListsEachWithItsLineAndStartsNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await SeedInboxAsync(pair, "alice", 3, cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair,
            "EmailAdress,UserName,Password\r\nalice@corpus.example,alice,S3cret!xyz\r\n", cts.Token);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("Line 1", output, StringComparison.Ordinal);
        Assert.Contains("did you mean EmailAddress?", output, StringComparison.Ordinal);
        Assert.Contains("nothing was started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cret!xyz", output, StringComparison.Ordinal);
        Assert.False(File.Exists(pair.LedgerPath + "-x"));
        Assert.Equal(0, await TargetCountAsync(pair, "alice", cts.Token));
    }

    [Fact]
    public async Task Migrate_WrongPasswordForOneUser_ThatUserFailsTheOthersComplete()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice", "bob"], cancellationToken: cts.Token);
        await SeedInboxAsync(pair, "alice", 4, cts.Token);
        await SeedInboxAsync(pair, "bob", 5, cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair,
            $"EmailAddress,UserName,Password\r\nalice@corpus.example,alice,{MigrationPair.Password}\r\nbob@corpus.example,bob,Wrong-Pa55word\r\n", cts.Token);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv), cts.Token);

        Assert.Equal(ExitCodes.Authentication, exit);
        Assert.Contains("authentication failed for bob on", output, StringComparison.Ordinal);
        Assert.Equal(4, await TargetCountAsync(pair, "alice", cts.Token));
        Assert.Equal(0, await TargetCountAsync(pair, "bob", cts.Token));
        var reports = Directory.GetFiles(Path.Combine(pair.Directory, "report")).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(reports);
        foreach (var text in reports.Append(output))
        {
            Assert.DoesNotContain("Wrong-Pa55word", text, StringComparison.Ordinal);
            Assert.DoesNotContain(MigrationPair.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(pair.Target.Options.MasterUser.Password, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Migrate_UnreachableSource_SaysSoInOneLine()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var closedPort = FreePort.Next();

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv, sourcePort: closedPort), cts.Token);

        Assert.Equal(ExitCodes.Connection, exit);
        Assert.Contains($"source: cannot connect to 127.0.0.1:{closedPort}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_TargetCertificateNotTrusted_SaysTlsFailedAndWhatToDo()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv, allowInvalidTargetCertificate: false), cts.Token);

        Assert.Equal(ExitCodes.Connection, exit);
        Assert.Contains("target: TLS with 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("certificate was not accepted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_SourceSslOnAPlainImapPort_SaysTheServerDidNotAnswerTlsThereNotThatACertificateWasRefused()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);

        var (exit, output) = await CliRun.RunAsync(pair, CliRun.Args(pair, "migrate", csv, sourceSecurity: "Ssl"), cts.Token);

        Assert.Equal(ExitCodes.Connection, exit);
        Assert.Contains($"source: TLS with 127.0.0.1:{pair.Source.ImapPort} failed: the server did not answer TLS on this port", output, StringComparison.Ordinal);
        Assert.Contains("choose Tls (STARTTLS) or None", output, StringComparison.Ordinal);
        Assert.DoesNotContain("certificate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_AdminPasswordVariableMissing_IsBadInputNamingTheVariable()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var args = CliRun.Args(pair, "migrate", csv);
        args[args.IndexOf("--target-admin-password-env") + 1] = "MIGRATIONBOT_NO_SUCH_VARIABLE";

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("MIGRATIONBOT_NO_SUCH_VARIABLE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_SourceXoauth2WithoutTenant_IsBadInputNamingTheOption()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        var csv = await CliRun.WriteCsvAsync(pair, pair.Csv(), cts.Token);
        var args = CliRun.Args(pair, "migrate", csv);
        args.AddRange(["--source-auth", "Xoauth2", "--source-client-id", "00000000-0000-0000-0000-000000000001"]);

        var (exit, output) = await CliRun.RunAsync(pair, args, cts.Token);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("source Xoauth2 needs --source-tenant-id", output, StringComparison.Ordinal);
    }
}
