using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Alerts;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Preflight;
using MigrationBot.Notices;
using MigrationBot.Tests.Batches.Alerts;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;
using Quartz;

namespace MigrationBot.Tests.Batches;

/// <summary>
/// A batch's start (<see cref="BatchStarter"/>) in the real host on SQLite, with a preflight that passes Ann and Bob and
/// fails Cem, and a store that fails as a database gone away does. The scheduler stands by: the test runs the start
/// itself, and no mailbox job fires (they would look for real IMAP servers).
/// </summary>
public sealed class BatchStartOutageTests : IDisposable
{
    private const string Ann = "ann@contoso.com";
    private const string Bob = "bob@contoso.com";
    private const string Cem = "cem@contoso.com";
    private static readonly TimeSpan OutageLasts = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-start-").FullName;
    private readonly FakeHttpHandler _connector = new();
    private readonly FakeTimeProvider _time = AlertHost.Clock();
    private readonly ScriptedPreflight _preflight = new(failing: Cem);

    [Theory]
    // Nothing done yet.
    [InlineData("MoveAsync Created→Validating", false, 1)]
    // Validating, the users to check not read yet.
    [InlineData("UsersAsync", false, 1)]
    // Cem's failed preflight written, its answer lost.
    [InlineData("MoveUserAsync Queued→Failed", true, 1)]
    // Preflight done and posted, the batch still Validating.
    [InlineData("MoveAsync Validating→Syncing", false, 1)]
    // Syncing written, its answer lost: no mailbox job scheduled yet.
    [InlineData("MoveAsync Validating→Syncing", true, 1)]
    // Syncing, the users to schedule not read yet.
    [InlineData("UsersAsync", false, 2)]
    // The mailboxes scheduled and the started card posted; the announcements' users not read yet.
    [InlineData("UsersAsync", false, 3)]
    public async Task StoreGoneFor20sFromOneCallOfTheStart_TheStartWaitsAndEndsSyncing_WithAMailboxJobPerUser_EachUserCheckedOnce_EachCardPostedOnce_AndTheAnnouncementsScheduled(
        string call, bool written, int occurrence)
    {
        await using var host = await StartHostAsync();
        var store = (InterceptedBatchStore)host.Store;
        var batch = await CreateBatchAsync(store);
        var outage = new Outage(_time, call, written, occurrence);
        store.Hook = outage.Hook;

        await RunStartAsync(host, batch.Id, outage);

        Assert.True(outage.Happened, $"the start never made call {occurrence} of {call}");
        Assert.Equal(BatchState.Syncing, (await store.GetAsync(batch.Id, CancellationToken.None))!.State);
        var users = await store.UsersAsync(batch.Id, CancellationToken.None);
        Assert.Equal([(Ann, UserState.Queued), (Bob, UserState.Queued), (Cem, UserState.Failed)], users.Select(u => (u.EmailAddress, u.State)));
        Assert.Equal("preflight: source: login refused", users.Single(u => u.EmailAddress == Cem).Reason);
        var scheduler = await host.SchedulerAsync();
        foreach (var passed in new[] { Ann, Bob })
        {
            var repeat = Assert.Single(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, passed)));
            Assert.True(repeat.NextFireTimeUtc <= _time.GetUtcNow(), $"{passed}'s initial sync is not due at once");
            Assert.True(await scheduler.Exists(new JobKey($"{NoticeKind.Announcement}-{passed}", NoticeJobs.Group(batch.Id))), $"{passed} is not announced");
        }

        // The user that failed preflight is tried again at the first incremental sync.
        var retry = Assert.Single(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, Cem)));
        Assert.True(retry.NextFireTimeUtc > _time.GetUtcNow() + TimeSpan.FromHours(23));
        Assert.Equal([1, 1, 1], new[] { Ann, Bob, Cem }.Select(_preflight.RunsOf));
        Assert.Single(Posts("Preflight of wave7"));
        Assert.Single(Posts("Batch wave7: initial sync started"));
    }

    [Fact]
    public async Task StartRunAgainOnABatchLeftSyncingWithOneMailboxJobOfThree_SchedulesTheOtherTwo_KeepsTheOneAsItIs_AndChecksAndPostsNothingAgain()
    {
        await using var host = await StartHostAsync();
        var store = host.Store;
        // What a start cut off after its move to Syncing leaves (a crash; Quartz runs the start job again), here with one
        // user's job scheduled, due in a week.
        var batch = await CreateBatchAsync(store);
        await store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, "test", CancellationToken.None);
        await store.MoveUserAsync(batch.Id, Cem, UserState.Queued, UserState.Failed, "test", "preflight: source: login refused", CancellationToken.None);
        await store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Syncing, "test", CancellationToken.None);
        var inAWeek = _time.GetUtcNow().AddDays(7);
        await host.Services.GetRequiredService<BatchScheduler>().ScheduleMailboxesAsync(batch, [Ann], inAWeek, CancellationToken.None);

        await RunStartAsync(host, batch.Id, outage: null);

        var scheduler = await host.SchedulerAsync();
        Assert.Equal(inAWeek, Assert.Single(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, Ann))).NextFireTimeUtc);
        Assert.True(Assert.Single(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, Bob))).NextFireTimeUtc <= _time.GetUtcNow());
        Assert.True(Assert.Single(await scheduler.GetTriggersOfJob(BatchJobKeys.Mailbox(batch.Id, Cem))).NextFireTimeUtc > _time.GetUtcNow() + TimeSpan.FromHours(23));
        Assert.True(await scheduler.Exists(DailyReportJob.KeyFor(batch.Id)));
        Assert.Equal(BatchState.Syncing, (await store.GetAsync(batch.Id, CancellationToken.None))!.State);
        Assert.Equal([0, 0, 0], new[] { Ann, Bob, Cem }.Select(_preflight.RunsOf));
        Assert.Empty(Posts("Preflight of wave7"));
        Assert.Empty(Posts("Batch wave7: initial sync started"));
    }

    private async Task<AlertHost> StartHostAsync()
    {
        var host = await AlertHost.StartAsync(_directory, _connector, _time, builder =>
        {
            InterceptedBatchStore.Install(builder.Services);
            builder.Services.AddSingleton<IMailboxPreflight>(_preflight);
        });
        await RunningBot.SchedulerStartedAsync(host.App);
        await (await host.SchedulerAsync()).Standby();
        return host;
    }

    private static Task<Batch> CreateBatchAsync(IBatchStore store) => store.CreateAsync(
        new BatchDraft("wave7", "user:" + AlertHost.Admin, new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) }, AlertHost.Conversation,
            [.. new[] { Ann, Bob, Cem }.Select(u => new DraftUser(u, u.Split('@')[0], null, null))], null),
        CancellationToken.None);

    /// <summary>Runs the start to its end, the clock moving a second every few milliseconds so that its waits for the database pass.</summary>
    private async Task RunStartAsync(AlertHost host, Guid batchId, Outage? outage)
    {
        outage?.EnterStart();
        var starting = host.Services.GetRequiredService<BatchStarter>().StartAsync(batchId, CancellationToken.None);
        for (var i = 0; i < 600 && !starting.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        await starting;
    }

    private List<RecordedRequest> Posts(string text) =>
        [.. _connector.Requests.Where(r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath.Contains("/activities", StringComparison.Ordinal)
            && r.Body?.Contains(text, StringComparison.Ordinal) == true)];

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

    /// <summary>Passes every user but <paramref name="failing"/>, whose source login is refused; counts each user's runs.</summary>
    private sealed class ScriptedPreflight(string failing) : IMailboxPreflight
    {
        private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.OrdinalIgnoreCase);

        public int RunsOf(string emailAddress) => _runs.GetValueOrDefault(emailAddress);

        public Task<PreflightResult> RunAsync(Batch batch, BatchUser user, CancellationToken cancellationToken)
        {
            _runs.AddOrUpdate(user.EmailAddress, 1, (_, n) => n + 1);
            return Task.FromResult(user.EmailAddress == failing
                ? new PreflightResult(user.EmailAddress, "source: login refused", [])
                : new PreflightResult(user.EmailAddress, null, [new PreflightFolder("INBOX", "Inbox", 10, 10_000, 0, null)]));
        }
    }

    /// <summary>
    /// The database as the store sees it: from call <c>occurrence</c> of <c>call</c> made by the start (before it is
    /// written, or once it is), every call of anyone fails, for <see cref="OutageLasts"/> of the clock.
    /// </summary>
    private sealed class Outage(FakeTimeProvider time, string call, bool written, int occurrence)
    {
        private readonly AsyncLocal<bool> _inStart = new();
        private readonly Lock _lock = new();
        private int _seen;
        private DateTimeOffset? _downUntil;

        public bool Happened
        {
            get
            {
                lock (_lock)
                    return _downUntil is not null;
            }
        }

        /// <summary>Marks the calls made from here on (in this flow: the start's) as the start's.</summary>
        public void EnterStart() => _inStart.Value = true;

        public Task Hook(string name, bool isWritten)
        {
            lock (_lock)
            {
                if (_downUntil is { } until)
                    return time.GetUtcNow() < until ? throw new DatabaseGone() : Task.CompletedTask;
                if (!_inStart.Value || name != call || isWritten != written || ++_seen != occurrence)
                    return Task.CompletedTask;
                _downUntil = time.GetUtcNow() + OutageLasts;
                throw new DatabaseGone();
            }
        }
    }

    /// <summary>What a driver throws while its database is down.</summary>
    private sealed class DatabaseGone() : DbException("the database does not answer");
}
