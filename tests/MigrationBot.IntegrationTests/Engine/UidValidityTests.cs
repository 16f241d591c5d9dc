using MigrationBot.Bench.Corpus;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class UidValidityTests
{
    [Fact]
    public async Task Migrate_SourceUidValidityChangedAfterACompleteCopy_CopiesNothingAgain()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var corpus = new CorpusOptions { Seed = 3, Users = 1, MessagesPerUser = 150, Cases = CorpusCases.Default };
        var user = corpus.UserName(1);
        await using var pair = await MigrationPair.StartAsync([user], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(corpus), cts.Token);
        AssertMigration.Succeeded(await pair.MigrateAsync(cancellationToken: cts.Token));

        var (before, after) = await pair.Source.ResetUidValidityAsync(user, "INBOX", cts.Token);
        Assert.NotEqual(before, after);
        var rerun = await pair.MigrateAsync(cancellationToken: cts.Token);

        AssertMigration.Succeeded(rerun);
        Assert.Equal(0, rerun.Mailboxes.Sum(m => m.Copied));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
    }
}
