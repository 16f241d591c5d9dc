using MailKit;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A mailbox in use between incremental passes: mail filed from one folder into another, folders renamed, mail
/// deleted. The target follows without copying anything twice and without losing what it holds.
/// </summary>
public sealed class SourceChangesTests
{
    private static IEnumerable<SeedMessage> Messages(string tag, int count) =>
        Enumerable.Range(1, count).Select(i => SeedMessage.Text($"{tag}-{i}@changes.test", $"{tag} {i}", DateTimeOffset.UtcNow.AddHours(-i)));

    private static async Task<int> CountAsync(MigrationPair pair, string folder, CancellationToken ct)
    {
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), ct);
        return (await target.FetchAsync(folder, ct)).Count;
    }

    /// <summary>Every folder name on alice's target.</summary>
    private static async Task<List<string>> TargetFolderNamesAsync(MigrationPair pair, CancellationToken ct)
    {
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), ct);
        return (await target.ListFoldersAsync(ct)).Select(f => f.FullName).ToList();
    }

    /// <summary>A pass after the source's folders were renamed: it succeeds, copying and moving nothing.</summary>
    private static async Task<MailboxReport> RenamesFollowedAsync(MigrationPair pair, MigrationOptions? options, CancellationToken ct)
    {
        var rerun = Assert.Single((await pair.MigrateAsync(options, ct)).Mailboxes);
        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(0, rerun.Folders.Sum(f => f.MovedIn));
        return rerun;
    }

    private static async Task<MigrationPair> StartWithFoldersAsync(CancellationToken ct, params (string Folder, int Count)[] folders)
    {
        var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: ct);
        await using var mailbox = await pair.Source.OpenMailboxAsync("alice", ct);
        foreach (var (folder, count) in folders)
        {
            if (folder != "INBOX")
                await mailbox.CreateFolderAsync(folder, ct);
            await mailbox.AppendAsync(folder, Messages(folder, count), ct);
        }

        return pair;
    }

    [Fact]
    public async Task Migrate_MessagesFiledIntoOtherFoldersBetweenPasses_ExistOnceOnTheTargetInTheirNewFolders()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 6), ("Projects", 3));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        // Filed both ways, so one of the two moves meets its new folder before the pass has seen it leave the old one.
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var inbox = await mailbox.FetchAsync("INBOX", cts.Token);
            await mailbox.MoveAsync("INBOX", [inbox[0].Uid, inbox[1].Uid], "Projects", cts.Token);
            var projects = await mailbox.FetchAsync("Projects", cts.Token);
            await mailbox.MoveAsync("Projects", [projects[0].Uid], "INBOX", cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(3, rerun.Folders.Sum(f => f.MovedIn));
        Assert.Equal(5, await CountAsync(pair, "INBOX", cts.Token));
        Assert.Equal(4, await CountAsync(pair, "Projects", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));

        var again = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);
        Assert.Equal(0, again.Copied + again.Folders.Sum(f => f.MovedIn));
    }

    [Fact]
    public async Task Migrate_MessageCopiedIntoASecondFolderOnTheSource_IsCopiedThereToo()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 2), ("Projects", 1));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var inbox = await mailbox.Client.GetFolderAsync("INBOX", cts.Token);
            await inbox.OpenAsync(FolderAccess.ReadWrite, cts.Token);
            await inbox.CopyToAsync([(await mailbox.FetchAsync("INBOX", cts.Token))[0].Uid], await mailbox.Client.GetFolderAsync("Projects", cts.Token), cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(1, rerun.Copied);
        Assert.Equal(0, rerun.Folders.Sum(f => f.MovedIn));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_FolderRenamedOnTheSource_IsRenamedOnTheTargetAndNothingIsCopiedAgain()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Projects", 4));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.RenameAsync("Projects", "Work", cts.Token);

        await RenamesFollowedAsync(pair, null, cts.Token);

        var names = await TargetFolderNamesAsync(pair, cts.Token);
        Assert.Contains("Work", names);
        Assert.DoesNotContain("Projects", names);

        Assert.Equal(4, await CountAsync(pair, "Work", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Migrate_FolderRenamedWithItsSubfolders_IsRenamedWholeOnTheTargetLeavingNoOldFolderBehind(int inParent)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Projects", inParent), ("Projects.Old", 2), ("Projects.Old.Older", 1));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.RenameAsync("Projects", "Work", cts.Token);

        await RenamesFollowedAsync(pair, null, cts.Token);

        var names = await TargetFolderNamesAsync(pair, cts.Token);
        Assert.Contains("Work/Old/Older", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Projects", StringComparison.Ordinal));

        Assert.Equal(inParent, await CountAsync(pair, "Work", cts.Token));
        Assert.Equal(2, await CountAsync(pair, "Work/Old", cts.Token));
        Assert.Equal(1, await CountAsync(pair, "Work/Old/Older", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_SubfolderRenamedAndThenItsParent_BothRenamedOnTheTargetNothingCopiedTwiceAndDeletionsMirroredWhereTheCopiesAre()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Projects", 1), ("Projects.Old", 2), ("Projects.Gone", 1));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var old = await mailbox.Client.GetFolderAsync("Projects.Old", cts.Token);
            await old.RenameAsync(await mailbox.Client.GetFolderAsync("Projects", cts.Token), "Older", cts.Token);
            // A subfolder deleted with its mail: its copies, renamed along on the target, are what Mirror expunges.
            await (await mailbox.Client.GetFolderAsync("Projects.Gone", cts.Token)).DeleteAsync(cts.Token);
            await mailbox.RenameAsync("Projects", "Work", cts.Token);
        }

        var rerun = await RenamesFollowedAsync(pair, new MigrationOptions { SourceDeletions = SourceDeletions.Mirror }, cts.Token);

        Assert.Equal(1, rerun.Folders.Sum(f => f.RemovedOnTarget));
        var names = await TargetFolderNamesAsync(pair, cts.Token);
        Assert.Contains("Work/Older", names);
        Assert.DoesNotContain("Work/Old", names);
        // Its copies expunged, the deleted subfolder goes too.
        Assert.DoesNotContain("Work/Gone", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Projects", StringComparison.Ordinal));

        Assert.Equal(2, await CountAsync(pair, "Work/Older", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(SourceDeletions.Keep)]
    [InlineData(SourceDeletions.Mirror)]
    public async Task Migrate_FolderRenamedOntoANameTheTargetHolds_MovesItsMailThereAndDeletesTheEmptiedOldFolder_AFolderStillHoldingKeptMailStays(SourceDeletions deletions)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Kept", 2), ("Later", 3), ("Old", 1), ("Empty", 0));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            // Kept is deleted with its mail and Later takes its name: the target's Kept cannot be renamed over.
            await (await mailbox.Client.GetFolderAsync("Kept", cts.Token)).DeleteAsync(cts.Token);
            await mailbox.RenameAsync("Later", "Kept", cts.Token);
            await (await mailbox.Client.GetFolderAsync("Old", cts.Token)).DeleteAsync(cts.Token);
            await (await mailbox.Client.GetFolderAsync("Empty", cts.Token)).DeleteAsync(cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(new MigrationOptions { SourceDeletions = deletions }, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(3, rerun.Folders.Sum(f => f.MovedIn));
        var mirrored = deletions == SourceDeletions.Mirror;
        var names = await TargetFolderNamesAsync(pair, cts.Token);
        Assert.DoesNotContain("Later", names);
        Assert.DoesNotContain("Empty", names);
        // A folder deleted on the source with its mail: kept with that mail by default, gone with it when mirrored.
        Assert.Equal(!mirrored, names.Contains("Old"));

        Assert.Equal(mirrored ? 3 : 5, await CountAsync(pair, "Kept", cts.Token));
        if (mirrored)
            AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        else
            Assert.Equal(1, await CountAsync(pair, "Old", cts.Token));

        var again = Assert.Single((await pair.MigrateAsync(new MigrationOptions { SourceDeletions = deletions }, cts.Token)).Mailboxes);
        Assert.Equal(0, again.Copied + again.Folders.Sum(f => f.MovedIn));
    }

    [Fact]
    public async Task Migrate_FolderRenamedAndItsOldNameMadeAgain_MovesItsCopiesToTheNewNameInsteadOfCopyingThemAgain()
    {
        // A server that makes some folders by itself (Dovecot's auto = create, Exchange's Archive) makes the old name
        // again, empty, under a new UIDVALIDITY: the ledger's entries for it are stale, and their messages are elsewhere.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Projects", 4));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.RenameAsync("Projects", "Work", cts.Token);
            await mailbox.CreateFolderAsync("Projects", cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(4, rerun.Folders.Single(f => f.SourceFolder == "Work").MovedIn);
        Assert.Equal(4, await CountAsync(pair, "Work", cts.Token));
        Assert.Equal(0, await CountAsync(pair, "Projects", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_FolderRebuiltWithSomeOfItsMailFiledElsewhere_MovesThoseCopiesAndKeepsTheRestOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 1), ("Projects", 4), ("Archive", 1));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        // Projects is deleted and made again (new UIDVALIDITY): two of its messages go back in, two are filed in Archive.
        IReadOnlyList<SeededMessage> projects;
        var raw = new List<byte[]>();
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            projects = await mailbox.FetchAsync("Projects", cts.Token);
            foreach (var message in projects)
                raw.Add(await mailbox.FetchRawAsync("Projects", message.Uid, cts.Token));
            await mailbox.MoveAsync("Projects", [projects[2].Uid, projects[3].Uid], "Archive", cts.Token);
            await mailbox.Client.Inbox.OpenAsync(FolderAccess.ReadOnly, cts.Token);
            await (await mailbox.Client.GetFolderAsync("Projects", cts.Token)).DeleteAsync(cts.Token);
        }

        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("Projects", cts.Token);
            await mailbox.AppendAsync("Projects", [
                new SeedMessage(raw[0]) { InternalDate = projects[0].InternalDate },
                new SeedMessage(raw[1]) { InternalDate = projects[1].InternalDate },
            ], cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(2, rerun.Folders.Single(f => f.SourceFolder == "Archive").MovedIn);
        Assert.Equal(2, await CountAsync(pair, "Projects", cts.Token));
        Assert.Equal(3, await CountAsync(pair, "Archive", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_MessagesDeletedOnTheSource_AreKeptOnTheTargetByDefaultAndExpungedWithMirror_TouchingNothingElse()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 5));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        // Mail that reached the target some other way (delivered there, another tool): never the engine's to delete.
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
            await target.AppendAsync("INBOX", SeedMessage.Text("delivered@target.test", "delivered on the target", DateTimeOffset.UtcNow), cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var inbox = await mailbox.FetchAsync("INBOX", cts.Token);
            await mailbox.DeleteAsync("INBOX", [inbox[0].Uid, inbox[1].Uid], cts.Token);
        }

        var kept = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(2, kept.Folders.Sum(f => f.VanishedOnSource));
        Assert.Equal(0, kept.Folders.Sum(f => f.RemovedOnTarget));
        Assert.Equal(6, await CountAsync(pair, "INBOX", cts.Token));

        var mirrored = Assert.Single((await pair.MigrateAsync(new MigrationOptions { SourceDeletions = SourceDeletions.Mirror }, cts.Token)).Mailboxes);

        Assert.Equal(2, mirrored.Folders.Sum(f => f.RemovedOnTarget));
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
        {
            var left = await target.FetchAsync("INBOX", cts.Token);
            Assert.Equal(4, left.Count);
            Assert.Contains(left, m => m.MessageId == "delivered@target.test");
            Assert.DoesNotContain(left, m => m.MessageId is "INBOX-1@changes.test" or "INBOX-2@changes.test");
        }
    }

    [Fact]
    public async Task Migrate_IntoAPopulatedTargetWithANewLedger_AdoptsWhatIsThereAndCopiesOnlyTheRest()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 8), ("Projects", 3));
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", Messages("new", 2), cts.Token);

        // Another ledger (a rerun from another directory, a pilot with another tool) over the same target.
        var other = await MigrationLedger.OpenAsync(Path.Combine(pair.Directory, "other-ledger.db"), cts.Token);
        var report = Assert.Single((await new MigrationRunner(other, pair.Memory, new MigrationOptions(), TimeProvider.System).RunAsync(pair.Jobs(), null, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, report.Copied);
        Assert.Equal(11, report.Folders.Sum(f => f.Adopted));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Migrate_FoldersWalkedInWindowsOfSevenMessages_CopyMoveDeleteAndResyncFlagsExactly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await StartWithFoldersAsync(cts.Token, ("INBOX", 40), ("Projects", 15));
        var windows = new MigrationOptions { WindowMessages = 7, SourceDeletions = SourceDeletions.Mirror };
        var first = Assert.Single((await pair.MigrateAsync(windows, cts.Token)).Mailboxes);
        Assert.Equal(55, first.Copied);

        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            var inbox = await mailbox.FetchAsync("INBOX", cts.Token);
            // Spread over every window: files every fifth into Projects, deletes every ninth, flags every fourth.
            await mailbox.MoveAsync("INBOX", inbox.Where((_, i) => i % 5 == 0).Select(m => m.Uid).ToList(), "Projects", cts.Token);
            await mailbox.DeleteAsync("INBOX", inbox.Where((_, i) => i % 9 == 4).Select(m => m.Uid).ToList(), cts.Token);
            await mailbox.AddFlagsAsync("INBOX", inbox.Where((_, i) => i % 4 == 3 && i % 5 != 0 && i % 9 != 4).Select(m => m.Uid).ToList(), MessageFlags.Flagged, null, cts.Token);
            await mailbox.AppendAsync("INBOX", Messages("late", 9), cts.Token);
        }

        var rerun = Assert.Single((await pair.MigrateAsync(windows, cts.Token)).Mailboxes);

        Assert.Equal(MailboxOutcome.Succeeded, rerun.Outcome);
        Assert.Equal(9, rerun.Copied);
        Assert.Equal(8, rerun.Folders.Sum(f => f.MovedIn));
        Assert.Equal(4, rerun.Folders.Sum(f => f.RemovedOnTarget));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
