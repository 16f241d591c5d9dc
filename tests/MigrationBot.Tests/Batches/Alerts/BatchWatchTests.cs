using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Runs;
using MigrationBot.Tests.BotFramework.Connector;
using Quartz;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>The watch of a running batch through the real host: one stall alert per stall, also across a restart; throttling told once.</summary>
public sealed class BatchWatchTests : IDisposable
{
    private const string Ann = "ann@contoso.com";
    private const string Bob = "bob@contoso.com";
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-alerts-").FullName;
    private readonly FakeHttpHandler _connector = new();
    private readonly FakeTimeProvider _time = AlertHost.Clock();

    private List<RecordedRequest> Posts(string text) =>
        [.. _connector.Requests.Where(r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath.Contains("/activities", StringComparison.Ordinal)
            && r.Body?.Contains(text, StringComparison.Ordinal) == true)];

    [Fact]
    public async Task AStall_IsPostedOnceNamingTheUserWithARetryButton_NotAgainAfterARestartThatDoesNotRunItAgain_AndAgainWhenANewStallFollowsProgress()
    {
        Guid batchId;
        await using (var host = await AlertHost.StartAsync(_directory, _connector, _time))
        {
            var batch = await host.SyncingBatchAsync(Ann, Bob);
            batchId = batch.Id;
            await host.Store.SetProgressAsync(batch.Id, Ann, _time.GetUtcNow(), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(20));
            await host.Store.SetProgressAsync(batch.Id, Bob, _time.GetUtcNow(), CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(11));
            var watch = host.Services.GetRequiredService<BatchWatch>();

            await watch.CheckStallsAsync(batch, CancellationToken.None);
            await watch.CheckStallsAsync(batch, CancellationToken.None);

            var alert = Assert.Single(Posts("user(s) stalled"));
            Assert.Contains(Ann, alert.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Bob, alert.Body, StringComparison.Ordinal);
            Assert.Contains("\"verb\":\"retryStalled\"", alert.Body, StringComparison.Ordinal);
        }

        await using (var restarted = await AlertHost.StartAsync(_directory, _connector, _time))
        {
            var batch = (await restarted.Store.GetAsync(batchId, CancellationToken.None))!;
            var watch = restarted.Services.GetRequiredService<BatchWatch>();
            await watch.CheckStallsAsync(batch, CancellationToken.None);
            Assert.Single(Posts("user(s) stalled"));

            // Bob's stall comes due; Ann makes progress, then stalls again: each is a new stall, told once.
            _time.Advance(TimeSpan.FromMinutes(20));
            await restarted.Store.SetProgressAsync(batchId, Ann, _time.GetUtcNow(), CancellationToken.None);
            await watch.CheckStallsAsync(batch, CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(30));
            await watch.CheckStallsAsync(batch, CancellationToken.None);

            var alerts = Posts("user(s) stalled");
            Assert.Equal(3, alerts.Count);
            Assert.Contains(Bob, alerts[1].Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Ann, alerts[1].Body, StringComparison.Ordinal);
            Assert.Contains(Ann, alerts[2].Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Bob, alerts[2].Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task LiveProgressOfThisProcess_IsWrittenToTheStore_SoAPassThatCopiesIsNotStalled()
    {
        await using var host = await AlertHost.StartAsync(_directory, _connector, _time);
        var batch = await host.SyncingBatchAsync(Ann);
        await host.Store.SetProgressAsync(batch.Id, Ann, _time.GetUtcNow(), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(25));
        host.Services.GetRequiredService<MigrationBot.Batches.Progress.ProgressBoard>()
            .Report(batch.Id, new MigrationBot.Engine.Sync.MigrationProgress(Ann, "INBOX", 40, 100));
        _time.Advance(TimeSpan.FromMinutes(25));

        await host.Services.GetRequiredService<BatchWatch>().CheckStallsAsync(batch, CancellationToken.None);

        Assert.Empty(Posts("user(s) stalled"));
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(25), (await host.Store.UsersAsync(batch.Id, CancellationToken.None)).Single(u => u.EmailAddress == Ann).ProgressAt);
    }

    [Fact]
    public async Task WhileTheTargetThrottles_NoStallIsPosted_AndALongThrottleIsPostedOnceWithWhenCopyingResumes()
    {
        await using var host = await AlertHost.StartAsync(_directory, _connector, _time);
        var batch = await host.SyncingBatchAsync(Ann);
        await host.Store.SetProgressAsync(batch.Id, Ann, _time.GetUtcNow(), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(40));
        host.Services.GetRequiredService<EngineServices>().Hosts.Throttled("127.0.0.1", TimeSpan.FromMinutes(15));
        var watch = host.Services.GetRequiredService<BatchWatch>();

        await watch.CheckStallsAsync(batch, CancellationToken.None);
        var told = await watch.CheckThrottleAsync(batch, alertedFor: null, CancellationToken.None);
        var again = await watch.CheckThrottleAsync(batch, told, CancellationToken.None);

        Assert.Empty(Posts("user(s) stalled"));
        var alert = Assert.Single(Posts("Exchange Online is throttling"));
        Assert.Contains($"copying resumes at {(_time.GetUtcNow() + TimeSpan.FromMinutes(15)).UtcDateTime:HH:mm} UTC", alert.Body, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), told);
        Assert.Equal(told, again);
    }

    [Fact]
    public async Task AThrottleShorterThanThreshold_IsNotPosted()
    {
        await using var host = await AlertHost.StartAsync(_directory, _connector, _time);
        var batch = await host.SyncingBatchAsync(Ann);
        host.Services.GetRequiredService<EngineServices>().Hosts.Throttled("127.0.0.1", new AlertOptions().ThrottleAfter - TimeSpan.FromMinutes(1));

        var told = await host.Services.GetRequiredService<BatchWatch>().CheckThrottleAsync(batch, alertedFor: null, CancellationToken.None);

        Assert.Null(told);
        Assert.Empty(Posts("Exchange Online is throttling"));
    }

    [Fact]
    public async Task TheWatchJob_LooksEveryCheckEvery_TellsALongThrottleOnceAcrossLooks_AndTheStallOnceTheThrottleEnds()
    {
        await using var host = await AlertHost.StartAsync(_directory, _connector, _time);
        var batch = await host.SyncingBatchAsync(Ann);
        await host.Store.SetProgressAsync(batch.Id, Ann, _time.GetUtcNow(), CancellationToken.None);
        await host.Services.GetRequiredService<MigrationBot.Batches.Jobs.BatchScheduler>().ScheduleAlertsAsync(batch, _time.GetUtcNow(), replace: true, CancellationToken.None);
        host.Services.GetRequiredService<EngineServices>().Hosts.Throttled("127.0.0.1", TimeSpan.FromMinutes(33));
        var every = new AlertOptions().CheckEvery;
        var scheduler = await host.SchedulerAsync();
        var runs = new JobRecorder();
        scheduler.ListenerManager.AddJobListener(runs, [GroupMatcher<JobKey>.GroupEquals(MigrationBot.Batches.Jobs.BatchJobKeys.Group(batch.Id))]);

        // The scheduler keeps the host's clock: each step fires one look. The throttle ends after the 6th; Ann's stall
        // (no progress since the start) is due from the 6th on, so the 7th tells it.
        for (var look = 1; look <= 8; look++)
        {
            _time.Advance(every);
            await runs.WaitForRunsAsync(BatchWatchJob.KeyFor(batch.Id), look, TimeSpan.FromSeconds(20));
        }

        Assert.Single(Posts("Exchange Online is throttling"));
        Assert.False(string.IsNullOrEmpty((await scheduler.GetJobDetail(BatchWatchJob.KeyFor(batch.Id)))!.JobDataMap.GetString(BatchWatchJob.ThrottleAlertedKey)));
        var stall = Assert.Single(Posts("user(s) stalled"));
        Assert.Contains(Ann, stall.Body, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS eventually.
        }
    }
}
