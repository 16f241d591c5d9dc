using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.Hosting;
using Quartz;

namespace MigrationBot.Tests.Notices;

public sealed class MoveCutoverTests
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    [Fact]
    public async Task MovingTheCutover_StoresIt_AndPlansThePendingReminderAndCheckInAgainFromIt()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer, new Dictionary<string, string?> { ["Authorization:Admins:0"] = "aad-user-1" });
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var oldCutover = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(18);
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:a",
            new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), CutoverAt = new DateTimeOffset(oldCutover, TimeSpan.Zero), TimeZone = "UTC" },
            null, [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        await store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, "test", CancellationToken.None);
        await bot.App.Services.GetRequiredService<NoticeJobs>().ScheduleTimedAsync(batch, [("ann@contoso.com", TimeZoneInfo.Utc)], CancellationToken.None);
        var scheduler = await bot.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var reminder = new JobKey("Reminder-ann@contoso.com", NoticeJobs.Group(batch.Id));
        var newDay = DateOnly.FromDateTime(oldCutover).AddDays(7);

        var press = TestActivities.Invoke(BatchVerbs.MoveCutover, new JsonObject
        {
            ["batchId"] = batch.Id.ToString("D"), ["cutoverDate"] = newDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["cutoverTime"] = "18:00", ["timeZone"] = "UTC",
        });
        var answer = await (await bot.PostActivityWithTokenAsync(press, _issuer.CreateToken())).Content.ReadAsStringAsync();

        Assert.Contains("Cutover moved to", answer, StringComparison.Ordinal);
        var moved = (await store.GetAsync(batch.Id, CancellationToken.None))!.Settings.CutoverAt;
        Assert.Equal(new DateTimeOffset(newDay.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero), moved);
        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(reminder));
        Assert.Equal(new DateTimeOffset(newDay.AddDays(-1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), trigger.NextFireTimeUtc);
    }

    [Fact]
    public async Task ACutoverInThePast_IsRefusedInTheCard()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer, new Dictionary<string, string?> { ["Authorization:Admins:0"] = "aad-user-1" });
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave3", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            null, [], null), CancellationToken.None);

        var press = TestActivities.Invoke(BatchVerbs.MoveCutover, new JsonObject { ["batchId"] = batch.Id.ToString("D"), ["cutoverDate"] = "2020-01-01", ["cutoverTime"] = "10:00" });
        var answer = await (await bot.PostActivityWithTokenAsync(press, _issuer.CreateToken())).Content.ReadAsStringAsync();

        Assert.Contains("must be in the future", answer, StringComparison.Ordinal);
        Assert.Null((await store.GetAsync(batch.Id, CancellationToken.None))!.Settings.CutoverAt);
    }
}
