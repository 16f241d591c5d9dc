using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.Conversations;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices;
using MigrationBot.Notices.Delivery;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;
using Quartz;

namespace MigrationBot.Tests.Notices;

/// <summary>
/// The timed notices through the real host, its Quartz scheduler and a fake clock: each user's reminder and check-in
/// come at 09:00 in their own zone, follow a moved cutover, and are never sent twice, a restart in between included.
/// </summary>
public sealed class NoticeTimelineSchedulingTests : IDisposable
{
    private static readonly (string Address, string Zone)[] People =
        [("nia@contoso.com", "America/New_York"), ("ben@contoso.com", "Europe/Berlin"), ("toru@contoso.com", "Asia/Tokyo")];

    private readonly TestIssuer _issuer = TestIssuer.Shared;
    private readonly string _directory = Directory.CreateTempSubdirectory("migrationbot-timeline-").FullName;
    // Tuesday 1 December 2026, 06:00 UTC; the cutover is Friday 4 December, 18:00 UTC.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly DateTimeOffset _cutover = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task EachUsersReminder_ComesAtNineInTheirOwnZone_TheDayBeforeTheirLocalCutoverDate()
    {
        var connector = new FakeHttpHandler();
        await using var bot = await StartAsync(connector);
        var batch = await BatchAsync(bot);

        // New York: Friday 13:00 local, reminder Thursday 09:00 EST = 14:00 UTC. Berlin: Friday 19:00 local, reminder
        // Thursday 09:00 CET = 08:00 UTC. Tokyo: Saturday 03:00 local, reminder Friday 09:00 JST = 00:00 UTC.
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 7, 59, 0, TimeSpan.Zero));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(NoticesTo(connector, "ben"));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 8, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "ben");
        Assert.Empty(NoticesTo(connector, "nia"));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 14, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "nia");
        Assert.Empty(NoticesTo(connector, "toru"));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "toru");

        var deliveries = await DeliveriesAsync(bot, batch.Id, NoticeKind.Reminder, 3);
        Assert.All(deliveries, d => Assert.Equal(NoticeChannel.Teams, d.Channel));
    }

    [Fact]
    public async Task EachUsersCheckIn_ComesAtNineInTheirOwnZone_TheDayAfterTheirLocalCutoverDate()
    {
        var connector = new FakeHttpHandler();
        await using var bot = await StartAsync(connector);
        var batch = await BatchAsync(bot);
        await CompleteAsync(bot, batch);

        // Berlin: Saturday 09:00 CET = 08:00 UTC. New York: Saturday 09:00 EST = 14:00 UTC. Tokyo (whose cutover is on
        // Saturday, local): Sunday 09:00 JST = Sunday 00:00 UTC.
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 5, 7, 59, 0, TimeSpan.Zero));
        await DeliveriesAsync(bot, batch.Id, NoticeKind.Reminder, 3);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(connector.Requests, r => r.Body?.Contains("Everything there?", StringComparison.Ordinal) == true);

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 5, 8, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "ben", "Everything there?");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 5, 14, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "nia", "Everything there?");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(NoticesTo(connector, "toru"), r => r.Body!.Contains("Everything there?", StringComparison.Ordinal));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 6, 0, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "toru", "Everything there?");
        Assert.Equal(3, (await DeliveriesAsync(bot, batch.Id, NoticeKind.CheckIn, 3)).Count);
    }

    [Fact]
    public async Task MovingTheCutover_ReschedulesEveryPendingReminder_AndOneAlreadySentIsNotSentAgain()
    {
        var connector = new FakeHttpHandler();
        await using var bot = await StartAsync(connector);
        var batch = await BatchAsync(bot);
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 8, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "ben");

        // A week later: New York's reminder moves from 3 to 10 December, 14:00 UTC.
        var moved = batch with { Settings = batch.Settings with { CutoverAt = _cutover.AddDays(7) } };
        await bot.App.Services.GetRequiredService<IBatchStore>().UpdateSettingsAsync(batch.Id, moved.Settings, CancellationToken.None);
        var users = await bot.App.Services.GetRequiredService<IBatchStore>().UsersAsync(batch.Id, CancellationToken.None);
        var pending = await bot.App.Services.GetRequiredService<NoticeJobs>().RescheduleTimedAsync(moved, users.Select(u => (u.EmailAddress, NoticeService.ZoneOf(moved, u))), CancellationToken.None);
        Assert.Equal(6, pending);

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 14, 0, 30, TimeSpan.Zero));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(NoticesTo(connector, "nia"));

        await AdvanceToAsync(new DateTimeOffset(2026, 12, 10, 14, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "nia");
        // Tokyo's: 12 December 03:00 local, so 11 December 09:00 JST = 00:00 UTC.
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 11, 0, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(connector, "toru");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(NoticesTo(connector, "ben"));
        Assert.Single(NoticesTo(connector, "nia"));
        Assert.Single(NoticesTo(connector, "toru"));
    }

    [Fact]
    public async Task ARestart_NeitherRepeatsASentReminder_NorLosesOneThatFellDueWhileTheHostWasDown()
    {
        var first = new FakeHttpHandler();
        Guid batchId;
        await using (var bot = await StartAsync(first))
        {
            batchId = (await BatchAsync(bot)).Id;
            await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 8, 0, 30, TimeSpan.Zero));
            await WaitForNoticeAsync(first, "ben");
        }

        // Down while New York's reminder falls due (14:00 UTC); up again at 15:00.
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));
        var second = new FakeHttpHandler();
        await using var restarted = await StartAsync(second);
        await WaitForNoticeAsync(second, "nia");
        await AdvanceToAsync(new DateTimeOffset(2026, 12, 4, 0, 0, 30, TimeSpan.Zero));
        await WaitForNoticeAsync(second, "toru");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(NoticesTo(second, "ben"));
        Assert.Single(NoticesTo(second, "nia"));
        var deliveries = await DeliveriesAsync(restarted, batchId, NoticeKind.Reminder, 3);
        Assert.Equal(["ben@contoso.com", "nia@contoso.com", "toru@contoso.com"], deliveries.Select(d => d.EmailAddress).Order(StringComparer.Ordinal));
    }

    private async Task<RunningBot> StartAsync(FakeHttpHandler connector)
    {
        var app = RunningBot.Build("Production", _issuer, connector, _directory, configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await app.StartAsync();
        // The scheduler is up and has picked up unfinished batches: nothing of that start races the test's batch.
        await RunningBot.SchedulerStartedAsync(app);
        return RunningBot.Attach(app, connector, _directory);
    }

    private async Task<Batch> BatchAsync(RunningBot bot)
    {
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var conversations = bot.App.Services.GetRequiredService<ConversationStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:a",
            new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), CutoverAt = _cutover, TimeZone = "UTC" },
            null, [.. People.Select(p => new DraftUser(p.Address, p.Address.Split('@')[0], null, null))], null), CancellationToken.None);
        foreach (var (address, zone) in People)
        {
            var name = address.Split('@')[0];
            await store.SetProfileAsync(batch.Id, address, new UserProfile("aad-" + name, name, zone, "en-US"), CancellationToken.None);
            await conversations.UpsertAsync(new ConversationReference("a:personal-" + name, TestIssuer.ServiceUrl, "msteams", TestActivities.TenantId, "personal",
                "28:" + TestIssuer.AppId, "MigrationBot", "29:" + name, "aad-" + name, name, null, null, _clock.GetUtcNow()), CancellationToken.None);
        }

        // Synced: the initial sync is done, incremental syncs run until the cutover.
        foreach (var (from, to) in new[] { (BatchState.Created, BatchState.Validating), (BatchState.Validating, BatchState.Syncing), (BatchState.Syncing, BatchState.Synced) })
            Assert.True(await store.MoveAsync(batch.Id, from, to, "test", CancellationToken.None));
        batch = (await store.GetAsync(batch.Id, CancellationToken.None))!;
        var users = await store.UsersAsync(batch.Id, CancellationToken.None);
        await bot.App.Services.GetRequiredService<NoticeJobs>().ScheduleTimedAsync(batch, users.Select(u => (u.EmailAddress, NoticeService.ZoneOf(batch, u))), CancellationToken.None);
        return batch;
    }

    private async Task AdvanceToAsync(DateTimeOffset moment)
    {
        _clock.SetUtcNow(moment);
        await Task.Yield();
    }

    private static IEnumerable<RecordedRequest> NoticesTo(FakeHttpHandler connector, string name) =>
        connector.Requests.Where(r => r.Method == HttpMethod.Post && Uri.UnescapeDataString(r.Uri.AbsolutePath).Contains("a:personal-" + name + "/", StringComparison.Ordinal));

    private static Task<RecordedRequest> WaitForNoticeAsync(FakeHttpHandler connector, string name, string? containing = null) =>
        connector.WaitForRequestAsync(
            r => r.Method == HttpMethod.Post && Uri.UnescapeDataString(r.Uri.AbsolutePath).Contains("a:personal-" + name + "/", StringComparison.Ordinal)
                && (containing is null || r.Body?.Contains(containing, StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(20));

    /// <summary>The sent notices of a kind once there are <paramref name="expected"/> (a record follows its send).</summary>
    private static async Task<IReadOnlyList<NoticeDelivery>> DeliveriesAsync(RunningBot bot, Guid batchId, NoticeKind kind, int expected)
    {
        var store = bot.App.Services.GetRequiredService<NoticeDeliveryStore>();
        for (var i = 0; ; i++)
        {
            var sent = (await store.ListAsync(batchId, CancellationToken.None)).Where(d => d.Kind == kind && d.Sent).ToList();
            if (sent.Count >= expected || i == 100)
            {
                Assert.Equal(expected, sent.Count);
                return sent;
            }

            await Task.Delay(100);
        }
    }

    private static async Task CompleteAsync(RunningBot bot, Batch batch)
    {
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var path = new[] { BatchState.Synced, BatchState.Completing, BatchState.Completed };
        for (var i = 1; i < path.Length; i++)
            Assert.True(await store.MoveAsync(batch.Id, path[i - 1], path[i], "test", CancellationToken.None));
    }
}
