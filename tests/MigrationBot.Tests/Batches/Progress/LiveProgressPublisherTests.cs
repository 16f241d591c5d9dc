using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Batches.Progress;

/// <summary>What one replica publishes of its running passes, read back as another replica reads the store.</summary>
public sealed class LiveProgressPublisherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("live-publish-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ARunningPass_IsPublishedWithItsCountAndReplica_AndItsProgressStampMovesOn()
    {
        var store = await SqliteBatchStore.OpenAsync(Path.Combine(_directory, "migrationbot.db"), _time, CancellationToken.None);
        var batch = await store.CreateAsync(new BatchDraft(
            "wave2", "user:a", new BatchSettings { Source = new MigrationBot.Engine.Imap.ImapEndpoint("imap.contoso.com", 993, MigrationBot.Engine.Imap.ImapSecurity.Ssl) },
            "conversation-1", [new DraftUser("ann@contoso.com", "ann", null, "protected:ann")], "protected:admin"), CancellationToken.None);
        var started = _time.GetUtcNow();
        await store.SetProgressAsync(batch.Id, "ann@contoso.com", started, CancellationToken.None);
        var board = new ProgressBoard(_time);
        _time.Advance(TimeSpan.FromMinutes(3));
        board.Report(batch.Id, new MigrationProgress("ann@contoso.com", "Archive", 42, 500));

        await new LiveProgressPublisher(board, store, _time, NullLogger<LiveProgressPublisher>.Instance).PublishAsync(CancellationToken.None);

        var ann = (await store.UsersAsync(batch.Id, CancellationToken.None)).Single();
        Assert.Equal(new LivePass("Archive", 42, 500, null, _time.GetUtcNow()), ann.Live?.Pass);
        Assert.Equal(ReplicaName.Current, ann.Live?.Replica);
        Assert.Equal(_time.GetUtcNow(), ann.ProgressAt);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
