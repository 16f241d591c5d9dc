using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class TargetFolderRecreatedTests
{
    [Fact]
    public async Task Migrate_TargetFolderDeletedAndMadeAgainBetweenPasses_IsCopiedAgainNotTrusted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], cancellationToken: cts.Token);
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.CreateFolderAsync("Projects", cts.Token);
            await mailbox.AppendAsync("Projects", Enumerable.Range(1, 5).Select(i => SeedMessage.Text($"p{i}@recreate.test", $"p {i}", DateTimeOffset.UtcNow.AddHours(-i))), cts.Token);
        }

        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        // Someone deletes the folder on the target and makes it again, empty; the source has not changed.
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
            await (await target.Client.GetFolderAsync("Projects", cts.Token)).DeleteAsync(cts.Token);
        await using (var target = await pair.Target.OpenMailboxAsync(MigrationPair.EmailOf("alice"), cts.Token))
            await target.CreateFolderAsync("Projects", cts.Token);

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        Assert.Equal(5, rerun.Copied);
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
