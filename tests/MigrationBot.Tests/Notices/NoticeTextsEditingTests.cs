using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices;
using MigrationBot.Notices.Editing;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Notices;

public sealed class NoticeTextsEditingTests
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    [Fact]
    public async Task SavingAnEditedReminder_StoresIt_AndTheUsersReminderReadsIt_WithTheirNameFilledIn()
    {
        await using var bot = await StartAsync();
        var batch = await CreateBatchAsync(bot, "wave2");

        var answer = await PressAsync(bot, NoticeTextsCard.SaveVerb, batch, new()
        {
            [NoticeTextsCard.InputId(NoticeKind.Reminder)] = "Hi {DisplayName}, tomorrow is the day ({BatchName}).",
        });

        Assert.Contains("Notice texts saved (Reminder edited)", answer, StringComparison.Ordinal);
        var saved = (await Store(bot).GetAsync(batch.Id, CancellationToken.None))!;
        Assert.Equal("Hi {DisplayName}, tomorrow is the day ({BatchName}).", saved.Settings.NoticeTexts["Reminder"]);
        var user = (await Store(bot).UsersAsync(batch.Id, CancellationToken.None)).Single();
        var text = bot.App.Services.GetRequiredService<NoticeService>().Render(saved, user, NoticeKind.Reminder, 0);
        Assert.Equal("Hi ann, tomorrow is the day (wave2).", text);
    }

    [Fact]
    public async Task AnUnknownPlaceholder_IsShownUnderItsNoticeInTheCard_AndNothingIsSaved()
    {
        await using var bot = await StartAsync();
        var batch = await CreateBatchAsync(bot, "wave3");

        var answer = await PressAsync(bot, NoticeTextsCard.SaveVerb, batch, new()
        {
            [NoticeTextsCard.InputId(NoticeKind.Announcement)] = "Hello {FirstName}, see you {CutoverLocal}.",
            [NoticeTextsCard.InputId(NoticeKind.Moved)] = "Done, {DisplayName}.",
        });

        Assert.Contains("Nothing was saved: 1 notice(s) need a change", answer, StringComparison.Ordinal);
        Assert.Contains("Unknown placeholder {FirstName}", answer, StringComparison.Ordinal);
        Assert.Contains("Hello {FirstName}, see you {CutoverLocal}.", answer, StringComparison.Ordinal);
        Assert.Empty((await Store(bot).GetAsync(batch.Id, CancellationToken.None))!.Settings.NoticeTexts);
    }

    [Fact]
    public async Task Preview_ShowsEachNoticeAsTheFirstUserReadsIt_AndSavesNothing()
    {
        await using var bot = await StartAsync();
        var batch = await CreateBatchAsync(bot, "wave4");

        var answer = await PressAsync(bot, NoticeTextsCard.PreviewVerb, batch, new()
        {
            [NoticeTextsCard.InputId(NoticeKind.InProgress)] = "{DisplayName}: moving {EmailAddress} now.",
        });

        Assert.Contains("ann reads: ann: moving ann@contoso.com now.", answer, StringComparison.Ordinal);
        Assert.Contains("Nothing is saved yet", answer, StringComparison.Ordinal);
        Assert.Empty((await Store(bot).GetAsync(batch.Id, CancellationToken.None))!.Settings.NoticeTexts);
    }

    [Fact]
    public async Task AnEmptyBoxOrTheDefaultText_StoresNothing_SoTheDefaultKeepsApplying()
    {
        await using var bot = await StartAsync();
        var batch = await CreateBatchAsync(bot, "wave5");
        await PressAsync(bot, NoticeTextsCard.SaveVerb, batch, new() { [NoticeTextsCard.InputId(NoticeKind.Reminder)] = "Custom {DisplayName}." });

        await PressAsync(bot, NoticeTextsCard.SaveVerb, batch, new()
        {
            [NoticeTextsCard.InputId(NoticeKind.Reminder)] = "  ",
            [NoticeTextsCard.InputId(NoticeKind.Moved)] = MigrationBot.Notices.Templates.DefaultTemplates.For(NoticeKind.Moved),
        });

        Assert.Empty((await Store(bot).GetAsync(batch.Id, CancellationToken.None))!.Settings.NoticeTexts);
    }

    [Fact]
    public async Task SomeoneWhoIsNotAnAdmin_IsRefused_AndTheTextsStayAsTheyWere()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer, new Dictionary<string, string?> { ["Authorization:Admins:0"] = "aad-someone-else" });
        var batch = await CreateBatchAsync(bot, "wave6");

        var answer = await PressAsync(bot, NoticeTextsCard.SaveVerb, batch, new() { [NoticeTextsCard.InputId(NoticeKind.Reminder)] = "Changed {DisplayName}." });

        Assert.Contains("Refused", answer, StringComparison.Ordinal);
        Assert.Empty((await Store(bot).GetAsync(batch.Id, CancellationToken.None))!.Settings.NoticeTexts);
    }

    private Task<RunningBot> StartAsync() =>
        RunningBot.StartAsync("Production", _issuer, new Dictionary<string, string?> { ["Authorization:Admins:0"] = "aad-user-1" });

    private static IBatchStore Store(RunningBot bot) => bot.App.Services.GetRequiredService<IBatchStore>();

    private static Task<Batch> CreateBatchAsync(RunningBot bot, string name) =>
        Store(bot).CreateAsync(new BatchDraft(name, "user:a",
            new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), CutoverAt = DateTimeOffset.UtcNow.AddDays(10), TimeZone = "UTC" },
            null, [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);

    private async Task<string> PressAsync(RunningBot bot, string verb, Batch batch, Dictionary<string, string> inputs)
    {
        var data = new JsonObject { ["batchId"] = batch.Id.ToString("D") };
        foreach (var (key, value) in inputs)
            data[key] = value;
        var response = await bot.PostActivityWithTokenAsync(TestActivities.Invoke(verb, data), _issuer.CreateToken());
        return await response.Content.ReadAsStringAsync();
    }
}
