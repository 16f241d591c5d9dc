using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Storage;
using MigrationBot.Tests.BotFramework.Connector;
using Quartz;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>The daily report and the watch as Quartz jobs of the batch, in the store of the real host.</summary>
public sealed class DailyReportJobTests : IDisposable
{
    private const string Ann = "ann@contoso.com";
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-report-").FullName;
    private readonly FakeHttpHandler _connector = new();
    private readonly FakeTimeProvider _time = AlertHost.Clock();

    private List<RecordedRequest> Reports() =>
        [.. _connector.Requests.Where(r => r.Method == HttpMethod.Post && r.Body?.Contains("Daily report: batch wave2", StringComparison.Ordinal) == true)];

    private async Task WaitForReportsAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Reports().Count < count && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(count, Reports().Count);
    }

    [Fact]
    public async Task DailyReport_FirstDueADayAfterTheStart_SurvivesARestart_AndTellsWhatTheLastDayCopiedAndInAll()
    {
        Guid batchId;
        var startedAt = _time.GetUtcNow();
        await using (var host = await AlertHost.StartAsync(_directory, _connector, _time))
        {
            var batch = await host.SyncingBatchAsync(Ann);
            batchId = batch.Id;
            await host.Services.GetRequiredService<BatchScheduler>().ScheduleAlertsAsync(batch, startedAt, replace: true, CancellationToken.None);
            var trigger = await (await host.SchedulerAsync()).GetTrigger(new Quartz.TriggerKey("daily-report", BatchJobKeys.Group(batch.Id)));
            Assert.Equal(startedAt.AddHours(24), trigger!.NextFireTimeUtc);
        }

        await using (var restarted = await AlertHost.StartAsync(_directory, _connector, _time))
        {
            var scheduler = await restarted.SchedulerAsync();
            var trigger = await scheduler.GetTrigger(new Quartz.TriggerKey("daily-report", BatchJobKeys.Group(batchId)));
            Assert.Equal(startedAt.AddHours(24), trigger!.NextFireTimeUtc);

            await restarted.Store.RecordPassAsync(batchId, Ann, new PassTotals(1200, 3_000_000, 0, 0, _time.GetUtcNow(), false), CancellationToken.None);
            // The scheduler keeps the host's clock: moving it a day on fires the report.
            _time.Advance(TimeSpan.FromHours(24));
            await WaitForReportsAsync(1);
            await restarted.Store.RecordPassAsync(batchId, Ann, new PassTotals(300, 1_000_000, 0, 0, _time.GetUtcNow(), false), CancellationToken.None);
            _time.Advance(TimeSpan.FromHours(24));
            await WaitForReportsAsync(2);
        }

        var (first, second) = (Reports()[0].Body!, Reports()[1].Body!);
        Assert.Contains("\"title\":\"Copied in the last 24 h\",\"value\":\"1,200 items (2.9 MB)\"", first, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Copied in the last 24 h\",\"value\":\"300 items (976.6 KB)\"", second, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Copied in all\",\"value\":\"1,500 items (3.8 MB)\"", second, StringComparison.Ordinal);
        Assert.Contains("1 Syncing", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_EndsTheMailboxRepeats_ButNotTheWatchOrTheReport_AndCompletionDeletesThemAll()
    {
        await using var host = await AlertHost.StartAsync(_directory, _connector, _time);
        var batch = await host.SyncingBatchAsync(Ann);
        var batches = host.Services.GetRequiredService<BatchScheduler>();
        await batches.ScheduleMailboxesAsync(batch, [Ann], _time.GetUtcNow().AddDays(1), CancellationToken.None);
        await batches.ScheduleAlertsAsync(batch, _time.GetUtcNow(), replace: true, CancellationToken.None);
        var scheduler = await host.SchedulerAsync();

        await batches.EndRepeatsAsync(batch.Id, CancellationToken.None);

        Assert.Empty(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, Ann), CancellationToken.None));
        Assert.Single(await scheduler.GetTriggersOfJob(DailyReportJob.KeyFor(batch.Id), CancellationToken.None));
        Assert.Single(await scheduler.GetTriggersOfJob(BatchWatchJob.KeyFor(batch.Id), CancellationToken.None));
        await batches.DeleteAsync(batch.Id, CancellationToken.None);
        Assert.False(await scheduler.Exists(DailyReportJob.KeyFor(batch.Id)));
        Assert.False(await scheduler.Exists(BatchWatchJob.KeyFor(batch.Id)));
    }

    [Fact]
    public async Task Restart_GivesARunningBatchWithoutThemItsWatchAndADailyReportDueADayAfterItsStart()
    {
        Guid batchId;
        var startedAt = _time.GetUtcNow();
        await using (var host = await AlertHost.StartAsync(_directory, _connector, _time))
            batchId = (await host.SyncingBatchAsync(Ann)).Id;

        await using var restarted = await AlertHost.StartAsync(_directory, _connector, _time);

        var scheduler = await restarted.SchedulerAsync();
        // Recovery runs just after the scheduler starts.
        for (var i = 0; i < 100 && !await scheduler.Exists(DailyReportJob.KeyFor(batchId)); i++)
            await Task.Delay(50);
        Assert.True(await scheduler.Exists(BatchWatchJob.KeyFor(batchId)));
        var report = await scheduler.GetTrigger(new TriggerKey("daily-report", BatchJobKeys.Group(batchId)));
        Assert.Equal(startedAt.AddHours(24), report!.NextFireTimeUtc);
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
