using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Form;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Cards;
using MigrationBot.Chat;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices.Cards;
using MigrationBot.Notices.Editing;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Batches;

/// <summary>
/// Who may change a batch, tried for every command and every card button that changes one, in a channel and in
/// personal chat, through the real host: someone who is neither admin nor approver is refused, the refusal is
/// audited, and the batch is as it was; a person of another tenant does not get past the front door.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Admin = "aad-admin";
    private const string Approver = "aad-approver";
    private const string Stranger = "aad-user-1";
    private const string ChannelThread = "19:it@thread.tacv2;messageid=1";

    /// <summary>Card buttons that change a batch (or create one), with the inputs a press sends.</summary>
    private static readonly Dictionary<string, Func<Batch, JsonObject>> ChangingActions = new()
    {
        [BatchVerbs.Pause] = Press,
        [BatchVerbs.Resume] = Press,
        [BatchVerbs.RetryFailed] = Press,
        [BatchVerbs.RetryStalled] = Press,
        [BatchVerbs.Approve] = Press,
        [BatchVerbs.ConfirmStop] = Press,
        [BatchVerbs.ConfirmRemove] = Press,
        [BatchVerbs.AskCutover] = Press,
        [BatchVerbs.MoveCutover] = b => With(Press(b), ("cutoverDate", DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("cutoverTime", "18:00")),
        [NoticeTextsCard.EditVerb] = Press,
        [NoticeTextsCard.PreviewVerb] = Press,
        [NoticeTextsCard.SaveVerb] = b => With(Press(b), (NoticeTextsCard.InputId(MigrationBot.Notices.NoticeKind.Reminder), "Changed by a stranger {DisplayName}")),
        [BatchFormFields.SubmitVerb] = _ => new JsonObject { ["batchName"] = "wave9", ["endpoint"] = "other", ["host"] = "imap.contoso.com", ["credentials"] = "Dovecot", ["csv"] = "EmailAddress,UserName\nann@contoso.com,ann\n" },
        [BatchFormFields.TestConnectionVerb] = _ => new JsonObject { ["batchName"] = "wave9", ["endpoint"] = "other", ["host"] = "127.0.0.1", ["port"] = "9", ["credentials"] = "Dovecot", ["csv"] = "EmailAddress,UserName\nann@contoso.com,ann\n" },
        [BatchFormFields.ContinueInPersonalChatVerb] = _ => new JsonObject { ["batchName"] = "wave9" },
    };

    /// <summary>Buttons anyone in the tenant may press (they read, or answer for the presser alone).</summary>
    private static readonly HashSet<string> ReadingActions =
    [
        BatchVerbs.Refresh, BatchVerbs.Details, BatchVerbs.Cancel, HelpCard.ShowCommandVerb, HelpCard.RefreshVerb,
        NoticeCard.AllThereVerb, NoticeCard.SomethingMissingVerb,
    ];

    public static TheoryData<string, string> ActionsAndPlaces()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in ChangingActions.Keys)
        {
            data.Add(verb, "personal");
            data.Add(verb, "channel");
        }

        return data;
    }

    public static TheoryData<string, string> CommandsAndPlaces()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in new[] { "start batch wave9", "pause wave2", "resume wave2", "retry wave2", "retry wave2 ann@contoso.com", "complete batch wave2", "stop batch wave2", "remove batch wave2" })
        {
            data.Add(command, "personal");
            data.Add(command, "channel");
        }

        return data;
    }

    [Fact]
    public async Task EveryCardAction_TheHostServes_IsEitherTriedHereAsChanging_OrListedAsReading()
    {
        await using var bot = await StartAsync();

        var verbs = bot.App.Services.GetServices<ICardActionHandler>().Select(h => h.Verb).ToList();

        Assert.All(verbs, v => Assert.True(ChangingActions.ContainsKey(v) || ReadingActions.Contains(v), $"the card action {v} is not classified in this test"));
        Assert.Empty(ChangingActions.Keys.Except(verbs));
    }

    [Theory]
    [MemberData(nameof(ActionsAndPlaces))]
    public async Task ACardButtonThatChangesABatch_PressedBySomeoneWhoIsNeitherAdminNorApprover_IsRefusedAudited_AndChangesNothing(string verb, string place)
    {
        await using var bot = await StartAsync();
        var batch = await SyncedBatchAsync(bot);
        var press = TestActivities.Invoke(verb, ChangingActions[verb](batch));
        InConversation(press, place);

        var answer = await (await bot.PostActivityWithTokenAsync(press, TestIssuer.Shared.CreateToken())).Content.ReadAsStringAsync();

        Assert.True(answer.Contains("Refused", StringComparison.Ordinal) || answer.Contains("Only ", StringComparison.Ordinal), $"{verb} in {place}: {answer}");
        await AssertUnchangedAndAuditedAsync(bot, batch);
    }

    [Theory]
    [MemberData(nameof(CommandsAndPlaces))]
    public async Task ACommandThatChangesABatch_FromSomeoneWhoIsNeitherAdminNorApprover_IsRefusedInChat_Audited_AndChangesNothing(string command, string place)
    {
        await using var bot = await StartAsync();
        var batch = await SyncedBatchAsync(bot);
        var message = TestActivities.Message(command);
        InConversation(message, place);

        Assert.Equal(HttpStatusCode.OK, (await bot.PostActivityWithTokenAsync(message, TestIssuer.Shared.CreateToken())).StatusCode);

        var reply = await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post && r.Body?.Contains("Only ", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("wave9", (await Store(bot).ListLiveAsync(CancellationToken.None)).Select(b => b.Name));
        Assert.Contains("may", reply.Body, StringComparison.Ordinal);
        await AssertUnchangedAndAuditedAsync(bot, batch);
    }

    [Theory]
    [InlineData(BatchVerbs.Approve)]
    [InlineData(BatchVerbs.ConfirmRemove)]
    [InlineData(BatchFormFields.SubmitVerb)]
    public async Task ACardButtonPressedByAPersonOfAnotherTenant_IsRefusedAtTheFrontDoor_AndChangesNothing(string verb)
    {
        await using var bot = await StartAsync();
        var batch = await SyncedBatchAsync(bot);
        var press = TestActivities.Invoke(verb, ChangingActions[verb](batch));
        press["from"]!["aadObjectId"] = Admin;
        press["conversation"]!["tenantId"] = "tenant-9999";
        press["channelData"]!["tenant"]!["id"] = "tenant-9999";

        var response = await bot.PostActivityWithTokenAsync(press, TestIssuer.Shared.CreateToken());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = await Store(bot).GetAsync(batch.Id, CancellationToken.None);
        Assert.Equal(BatchState.Synced, after!.State);
        Assert.DoesNotContain(await Store(bot).ListLiveAsync(CancellationToken.None), b => b.Name == "wave9");
    }

    private static Task<RunningBot> StartAsync() =>
        RunningBot.StartAsync("Production", TestIssuer.Shared, new Dictionary<string, string?>
        {
            ["Authorization:Admins:0"] = Admin,
            ["Authorization:Approvers:0"] = Approver,
            ["Target:Host"] = "127.0.0.1",
            ["Target:Auth"] = "Master",
            ["Target:AdminUser"] = "admin",
            ["Target:AdminPassword"] = "admin-secret",
        });

    private static IBatchStore Store(RunningBot bot) => bot.App.Services.GetRequiredService<IBatchStore>();

    private static async Task<Batch> SyncedBatchAsync(RunningBot bot)
    {
        var store = Store(bot);
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:" + Admin,
            new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl), CutoverAt = DateTimeOffset.UtcNow.AddDays(10) },
            ChannelThread, [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        foreach (var (from, to) in new[] { (BatchState.Created, BatchState.Validating), (BatchState.Validating, BatchState.Syncing), (BatchState.Syncing, BatchState.Synced) })
            Assert.True(await store.MoveAsync(batch.Id, from, to, "test", CancellationToken.None));
        return (await store.GetAsync(batch.Id, CancellationToken.None))!;
    }

    private static async Task AssertUnchangedAndAuditedAsync(RunningBot bot, Batch before)
    {
        var after = await Store(bot).GetAsync(before.Id, CancellationToken.None);
        Assert.Equal(BatchState.Synced, after!.State);
        Assert.Equal(before.Settings.CutoverAt, after.Settings.CutoverAt);
        Assert.Empty(after.Settings.NoticeTexts);
        Assert.Contains(await Store(bot).AuditTrailAsync(50, CancellationToken.None), e => e.Actor == "user:" + Stranger && !e.Allowed);
    }

    private static JsonObject Press(Batch batch) => new() { ["batchId"] = batch.Id.ToString("D") };

    private static JsonObject With(JsonObject data, params (string Key, string Value)[] inputs)
    {
        foreach (var (key, value) in inputs)
            data[key] = value;
        return data;
    }

    private static void InConversation(JsonObject activity, string place)
    {
        if (place == "channel")
            activity["conversation"] = new JsonObject { ["id"] = ChannelThread, ["conversationType"] = "channel", ["tenantId"] = TestActivities.TenantId };
    }
}
