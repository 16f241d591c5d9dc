using MailKit;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// Incremental passes on servers that say every folder's state in one listing (LIST-STATUS, and CONDSTORE on the
/// source): a folder that did not change is opened on neither side and no STATUS is asked for it, nor for a renamed
/// folder; a folder that did change is opened and synced as ever. Counted by a proxy in front of each server.
/// </summary>
public sealed class ListedFolderStatusTests
{
    private static readonly string[] Folders = ["INBOX", "Projects", "Projects.2024", "Archive"];

    private static async Task<MigrationPair> StartAsync(CancellationToken ct)
    {
        var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: ct);
        await using var mailbox = await pair.Source.OpenMailboxAsync("alice", ct);
        foreach (var folder in Folders)
        {
            if (folder != "INBOX")
                await mailbox.CreateFolderAsync(folder, ct);
            await mailbox.AppendAsync(folder, Enumerable.Range(1, 4).Select(i =>
                SeedMessage.Text($"{folder}-{i}@unchanged.test", $"{folder} {i}", DateTimeOffset.UtcNow.AddHours(-i))), ct);
        }

        return pair;
    }

    /// <summary>The pair's job for alice, both servers reached through a counting proxy over plain IMAP.</summary>
    private static MailboxJob JobThrough(MigrationPair pair, CommandCountingProxy source, CommandCountingProxy target) => pair.Job("alice") with
    {
        Source = new ImapEndpoint("127.0.0.1", source.Port, ImapSecurity.None),
        Target = new ImapEndpoint("127.0.0.1", target.Port, ImapSecurity.None),
    };

    private static async Task<MailboxReport> PassAsync(MigrationPair pair, MailboxJob job, CancellationToken ct) =>
        Assert.Single((await new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync([job], null, ct)).Mailboxes);

    /// <summary>The job through both proxies, after a first pass through them that copied everything; counts reset.</summary>
    private static async Task<MailboxJob> FirstPassThroughAsync(MigrationPair pair, CommandCountingProxy source, CommandCountingProxy target, CancellationToken ct)
    {
        var job = JobThrough(pair, source, target);
        var first = await PassAsync(pair, job, ct);
        Assert.Equal(MailboxOutcome.Succeeded, first.Outcome);
        Assert.Equal(16, first.Copied);
        Assert.True(Opened(source) >= Folders.Length, "the first pass opened the source folders through the proxy");
        source.Reset();
        target.Reset();
        return job;
    }

    private static int Opened(CommandCountingProxy proxy) => proxy.Count("SELECT") + proxy.Count("EXAMINE");

    [Fact]
    public async Task Migrate_NothingChangedSinceTheLastPass_OpensNoFolderAndAsksNoStatusOnEitherServer()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartAsync(cts.Token);
        await using var source = new CommandCountingProxy(pair.Source.ImapPort);
        await using var target = new CommandCountingProxy(pair.Target.ImapPort);
        var job = await FirstPassThroughAsync(pair, source, target, cts.Token);

        var again = await PassAsync(pair, job, cts.Token);

        Assert.Equal(MailboxOutcome.Succeeded, again.Outcome);
        Assert.Equal(0, again.Copied);
        Assert.Equal(16, again.Folders.Sum(f => f.Found));
        Assert.Equal(16, again.Folders.Sum(f => f.AlreadyPresent));
        Assert.Equal(0, Opened(source));
        Assert.Equal(0, source.Count("STATUS"));
        Assert.Equal(0, source.Count("FETCH"));
        Assert.Equal(0, Opened(target));
        Assert.Equal(0, target.Count("STATUS"));
        Assert.True(source.Count("LIST") > 0 && target.Count("LIST") > 0, "both servers were listed");
    }

    [Fact]
    public async Task Migrate_OneFolderGotMailAndAnotherAFlag_OpensOnlyThoseTwoAndSyncsBoth()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartAsync(cts.Token);
        await using var source = new CommandCountingProxy(pair.Source.ImapPort);
        await using var target = new CommandCountingProxy(pair.Target.ImapPort);
        var job = await FirstPassThroughAsync(pair, source, target, cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.AppendAsync("Projects.2024", SeedMessage.Text("new@unchanged.test", "new", DateTimeOffset.UtcNow), cts.Token);
            var archive = await mailbox.FetchAsync("Archive", cts.Token);
            await mailbox.AddFlagsAsync("Archive", [archive[0].Uid], MessageFlags.Flagged, null, cts.Token);
        }

        var again = await PassAsync(pair, job, cts.Token);

        Assert.Equal(MailboxOutcome.Succeeded, again.Outcome);
        Assert.Equal(1, again.Copied);
        Assert.Equal(1, again.Folders.Single(f => f.SourceFolder == "Archive").FlagsUpdated);
        var examined = source.Lines.Where(l => l.Contains(" EXAMINE ", StringComparison.Ordinal) || l.Contains(" SELECT ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, examined.Count);
        Assert.Contains(examined, l => l.Contains("Projects.2024", StringComparison.Ordinal));
        Assert.Contains(examined, l => l.Contains("Archive", StringComparison.Ordinal));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_ServersOfferListStatusButRefuseIt_ListAgainWithoutAndSyncEveryFolderBothPasses()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartAsync(cts.Token);
        static bool ListStatus(string line) => line.Contains(" LIST ", StringComparison.Ordinal) && line.Contains("STATUS (", StringComparison.Ordinal);
        await using var source = new CommandCountingProxy(pair.Source.ImapPort, ListStatus);
        await using var target = new CommandCountingProxy(pair.Target.ImapPort, ListStatus);
        var job = JobThrough(pair, source, target);

        var first = await PassAsync(pair, job, cts.Token);
        source.Reset();
        var again = await PassAsync(pair, job, cts.Token);

        Assert.Equal(MailboxOutcome.Succeeded, first.Outcome);
        Assert.Equal(16, first.Copied);
        Assert.Equal(MailboxOutcome.Succeeded, again.Outcome);
        Assert.Equal(0, again.Copied);
        Assert.True(source.Lines.Any(ListStatus), "the pass asked for the status in the listing and was refused");
        Assert.True(Opened(source) >= Folders.Length, "without the listed status, each folder's SELECT said it");
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_FolderRenamedOnTheSource_IsRenamedOnTheTargetWithoutAStatusOfAnyFolder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartAsync(cts.Token);
        await using var source = new CommandCountingProxy(pair.Source.ImapPort);
        await using var target = new CommandCountingProxy(pair.Target.ImapPort);
        var job = await FirstPassThroughAsync(pair, source, target, cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.RenameAsync("Projects", "Work", cts.Token);

        var again = await PassAsync(pair, job, cts.Token);

        Assert.Equal(MailboxOutcome.Succeeded, again.Outcome);
        Assert.Equal(0, again.Copied);
        Assert.Equal(0, source.Count("STATUS"));
        Assert.Equal(0, Opened(source));
        Assert.Contains(target.Lines, l => l.Contains(" RENAME ", StringComparison.Ordinal) && l.Contains("Work", StringComparison.Ordinal));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
