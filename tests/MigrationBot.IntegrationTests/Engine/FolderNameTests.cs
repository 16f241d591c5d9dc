using MigrationBot.Engine.Reports;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class FolderNameTests
{
    [Fact]
    public async Task Migrate_FolderNameTheTargetRefuses_IsMappedToANameItAcceptsAndCopied()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("~Old mail", cts.Token);
            await mailbox.AppendAsync("~Old mail", SeedMessage.Text("tilde@names.test", "kept", DateTimeOffset.UtcNow), cts.Token);
        }

        var report = await pair.MigrateAsync(cancellationToken: cts.Token);
        var rerun = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(report);
        Assert.Equal(1, report.Mailboxes.Single().Copied);
        Assert.Equal(0, rerun.Mailboxes.Single().Copied);
        await using var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token);
        var folders = await target.ListFoldersAsync(cts.Token);
        var mapped = Assert.Single(folders, f => f.FullName.EndsWith("Old mail", StringComparison.Ordinal));
        Assert.Equal(1, mapped.Count);
    }
}
