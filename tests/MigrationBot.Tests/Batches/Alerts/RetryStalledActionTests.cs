using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Progress;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>The stall alert's Retry button through the real host and its Quartz scheduler: admins only, and it re-runs the stalled users alone.</summary>
public sealed class RetryStalledActionTests : IDisposable
{
    private const string Ann = "ann@contoso.com";
    private const string Bob = "bob@contoso.com";
    private const string Stranger = "aad-stranger";
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-retry-").FullName;
    private readonly FakeTimeProvider _time = AlertHost.Clock();

    /// <summary>Ann stalled and was alerted; Bob copies. Both mailboxes' syncs are scheduled a day from now.</summary>
    private async Task<(AlertHost Host, MigrationBot.Batches.Storage.Batch Batch, JobRecorder Jobs)> StalledAsync()
    {
        var host = await AlertHost.StartAsync(_directory, new FakeHttpHandler(), _time);
        var batch = await host.SyncingBatchAsync(Ann, Bob);
        await host.Services.GetRequiredService<BatchScheduler>().ScheduleMailboxesAsync(batch, [Ann, Bob], _time.GetUtcNow().AddDays(1), CancellationToken.None);
        var jobs = new JobRecorder();
        (await host.SchedulerAsync()).ListenerManager.AddJobListener(jobs, [Quartz.GroupMatcher<Quartz.JobKey>.GroupEquals(BatchJobKeys.Group(batch.Id))]);
        var stalledAt = _time.GetUtcNow();
        await host.Store.SetProgressAsync(batch.Id, Ann, stalledAt, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(45));
        await host.Store.SetProgressAsync(batch.Id, Bob, _time.GetUtcNow(), CancellationToken.None);
        await host.Services.GetRequiredService<BatchWatch>().CheckStallsAsync(batch, CancellationToken.None);
        Assert.Equal(stalledAt, (await host.Store.UsersAsync(batch.Id, CancellationToken.None)).Single(u => u.EmailAddress == Ann).StallAlertedFor);
        return (host, batch, jobs);
    }

    [Fact]
    public async Task Retry_PressedByANonAdmin_IsRefusedAndAudited_AndRunsNothing()
    {
        var (host, batch, jobs) = await StalledAsync();
        await using var _ = host;

        var answer = await host.PressAsync(BatchVerbs.RetryStalled, new { batchId = batch.Id.ToString("D") }, Stranger);

        Assert.Contains("Refused: Only MigrationBot", answer, StringComparison.Ordinal);
        Assert.Contains(await host.Store.AuditTrailAsync(10, CancellationToken.None), e => e.Actor == $"user:{Stranger}" && e.Action == BatchVerbs.RetryStalled && !e.Allowed);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(jobs.Fired);
    }

    [Fact]
    public async Task Retry_PressedByAnAdmin_RunsTheStalledUsersMailboxJobNow_AndNotTheOneThatCopies()
    {
        var (host, batch, jobs) = await StalledAsync();
        await using var _ = host;

        var answer = await host.PressAsync(BatchVerbs.RetryStalled, new { batchId = batch.Id.ToString("D") }, AlertHost.Admin);

        Assert.Contains($"Retrying 1 stalled user(s) of wave2 now ({Ann})", answer, StringComparison.Ordinal);
        Assert.Contains($"Retry pressed by Person {AlertHost.Admin} (user:{AlertHost.Admin})", answer, StringComparison.Ordinal);
        await jobs.WaitForAsync(BatchJobKeys.Mailbox(batch.Id, Ann), TimeSpan.FromSeconds(10));
        Assert.Equal([BatchJobKeys.Mailbox(batch.Id, Ann)], jobs.Fired);
        Assert.Contains(await host.Store.AuditTrailAsync(10, CancellationToken.None), e => e.Actor == $"user:{AlertHost.Admin}" && e.Action == BatchVerbs.RetryStalled && e.Allowed);
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
