using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Security;
using MigrationBot.Tests.Hosting;
using MigrationBot.IntegrationTests.Servers;
using Quartz;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// A whole wave in the real host against real Dovecot servers: the form submitted (as Teams sends the Action.Execute
/// invoke), Quartz runs the preflight and every mailbox's initial sync, an approver approves, the final sync runs and
/// the batch completes; the verifier then finds every mailbox identical.
/// </summary>
public sealed class BatchWaveTests
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string Admin = WaveSettings.Admin;
    private const string Approver = WaveSettings.Approver;
    private const string Stranger = WaveSettings.Stranger;

    private static CorpusOptions Corpus => new() { Seed = 11, Users = 3, MessagesPerUser = 60, Cases = CorpusCases.All };

    private static async Task<InProcessBot> StartBotAsync(MigrationPair pair, CancellationToken cancellationToken) =>
        await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair)) { ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true" },
            configure: null, cancellationToken);

    private static InboundActivity Press(string objectId, string conversationType = "channel") => new()
    {
        Type = ActivityTypes.Invoke,
        Name = "adaptiveCard/action",
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "29:" + objectId, AadObjectId = objectId, Name = "Person " + objectId[^2..] },
        Conversation = new ConversationAccount { Id = "19:it-channel@thread.tacv2", TenantId = Tenant, ConversationType = conversationType },
        ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = Tenant } },
    };

    private static async Task<AdaptiveCardInvokeResponse> PressAsync(
        InProcessBot bot, string verb, object data, string objectId, CancellationToken cancellationToken, string conversationType = "channel")
    {
        var router = bot.Services.GetRequiredService<CardActionRouter>();
        var answer = await router.RouteAsync(verb, JsonSerializer.SerializeToElement(data), Press(objectId, conversationType), cancellationToken);
        return answer ?? throw new InvalidOperationException($"no handler for {verb}");
    }

    private static string Text(AdaptiveCardInvokeResponse answer) => answer.Value.GetRawText();

    private static async Task<Batch> WaitForAsync(IBatchStore store, string name, Func<BatchState, bool> reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await store.FindLiveAsync(name, cancellationToken);
            if (batch is not null && reached(batch.State))
                return batch;
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The IT channel's conversation as the bot stored it when it was added there, its Connector replaced by <paramref name="connector"/>.</summary>
    private static Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> RecordPosts(MigrationBot.Tests.BotFramework.Connector.FakeHttpHandler connector) => builder =>
    {
        builder.Services.AddHttpClient<MigrationBot.BotFramework.Connector.ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector);
        builder.Services.AddSingleton<MigrationBot.BotFramework.Connector.IBotTokenSource>(new MigrationBot.Tests.BotFramework.Connector.FakeTokenSource());
    };

    private static Task StoreChannelAsync(InProcessBot bot, CancellationToken cancellationToken) =>
        bot.Services.GetRequiredService<ConversationStore>().UpsertAsync(new ConversationReference(
            "19:it-channel@thread.tacv2", "https://smba.trafficmanager.net/amer/", "msteams", Tenant, "channel", "28:bot", "MigrationBot",
            null, null, null, "19:team@thread.tacv2", "19:it-channel@thread.tacv2", DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>The messages posted (not updated) to the IT channel, in order.</summary>
    private static List<string> ChannelPosts(MigrationBot.Tests.BotFramework.Connector.FakeHttpHandler connector) =>
    [
        .. connector.Requests
            .Where(r => r.Method == HttpMethod.Post && Uri.UnescapeDataString(r.Uri.AbsolutePath).EndsWith("/v3/conversations/19:it-channel@thread.tacv2/activities", StringComparison.Ordinal))
            .Select(r => r.Body ?? ""),
    ];

    private static async Task<string> WaitForPostAsync(MigrationBot.Tests.BotFramework.Connector.FakeHttpHandler connector, string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ChannelPosts(connector).FirstOrDefault(p => p.Contains(text, StringComparison.Ordinal)) is { } post)
                return post;
            await Task.Delay(100, cancellationToken);
        }
    }

    [Fact]
    public async Task Wave_SubmittedApprovedAndCompleted_EveryMailboxIdentical_ANonApproversPressRefused_AndTheChannelHearsCreatedStartedSyncedAndTheSummary()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var connector = new MigrationBot.Tests.BotFramework.Connector.FakeHttpHandler();
        await using var pair = await MigrationPair.StartAsync([.. Enumerable.Range(1, 3).Select(Corpus.UserName)], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(Corpus), cts.Token);
        await using var dns = await DnsmasqServer.StartAsync(
            new Dictionary<string, (string, int)[]> { [MigrationPair.Domain] = [("corpus-example.mail.protection.outlook.com", 0)] }, cts.Token);
        await using var bot = await InProcessBot.StartAsync("Development", new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Dns:Server"] = dns.Host,
            ["Dns:Port"] = dns.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, RecordPosts(connector), cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        await StoreChannelAsync(bot, cts.Token);

        var created = await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave2"), Admin, cts.Token);

        Assert.Contains("Created wave2: 3 users", Text(created), StringComparison.Ordinal);
        var synced = await WaitForAsync(store, "wave2", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
        Assert.Equal(BatchState.Synced, synced.State);
        Assert.All(await store.UsersAsync(synced.Id, cts.Token), u => Assert.Equal(UserState.Synced, u.State));

        var refused = await PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, Stranger, cts.Token);
        Assert.Contains("Refused", Text(refused), StringComparison.Ordinal);
        Assert.Equal(BatchState.Synced, (await store.GetAsync(synced.Id, cts.Token))!.State);
        Assert.Contains(await store.AuditTrailAsync(10, cts.Token), e => e.Actor == $"user:{Stranger}" && !e.Allowed);

        var approved = await PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, Approver, cts.Token);
        Assert.Contains("approved", Text(approved), StringComparison.Ordinal);
        var again = await PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, Approver, cts.Token);
        Assert.Contains("already approved", Text(again), StringComparison.Ordinal);

        var completed = await WaitForAsync(store, "wave2", s => s is BatchState.Completed or BatchState.CompletedWithErrors, cts.Token);
        Assert.Equal(BatchState.Completed, completed.State);
        Assert.Equal(new StoredSecrets(null, null), await store.SecretsAsync(completed.Id, MigrationPair.EmailOf(pair.Users[0]), cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));

        // The IT channel heard each step once, in order, and the summary has the batch's own numbers.
        var summary = await WaitForPostAsync(connector, "Batch wave2 is Completed", cts.Token);
        var posts = ChannelPosts(connector);
        string[] steps = ["Batch wave2 created", "Preflight of wave2", "Batch wave2: initial sync started", "Batch wave2 is synced", "Batch wave2 is Completed"];
        var at = steps.Select(step => posts.FindIndex(p => p.Contains(step, StringComparison.Ordinal))).ToList();
        Assert.All(at, i => Assert.True(i >= 0, $"not posted: {string.Join(", ", steps.Where((_, n) => at[n] < 0))}"));
        Assert.Equal(at.Order(), at);
        Assert.All(steps, step => Assert.Single(posts, p => p.Contains(step, StringComparison.Ordinal)));
        var syncedPost = posts[at[3]];
        Assert.Contains("Approval requested", syncedPost, StringComparison.Ordinal);
        Assert.Contains(Approver, syncedPost, StringComparison.Ordinal);
        var users = await store.UsersAsync(completed.Id, cts.Token);
        Assert.Contains("\"title\":\"Users\",\"value\":\"3 completed, 0 failed, 0 skipped, of 3\"", summary, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Items copied\",\"value\":\"{Quantities.Count(users.Sum(u => u.Totals.Copied))}\"", summary, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Size copied\",\"value\":\"{Quantities.Bytes(users.Sum(u => u.Totals.Bytes))}\"", summary, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Duration\"", summary, StringComparison.Ordinal);
        Assert.All(connector.Requests, r => Assert.DoesNotContain(pair.Source.Options.MasterUser.Password, r.Body ?? "", StringComparison.Ordinal));

        // The domain's MX points to Exchange Online: the follow-up records the switch and sets the removal reminder 72 h on.
        var scheduler = await bot.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(cts.Token);
        var followUp = MigrationBot.Batches.FollowUp.MxFollowUpJob.KeyFor(completed.Id);
        while ((await scheduler.GetJobDetail(followUp, cts.Token))?.JobDataMap.GetString(MigrationBot.Batches.FollowUp.MxFollowUpJob.SwitchedAtKey) is null)
            await Task.Delay(100, cts.Token);
        var reminder = Assert.Single(await scheduler.GetTriggersOfJob(followUp, cts.Token));
        Assert.InRange(reminder.NextFireTimeUtc!.Value, DateTimeOffset.UtcNow.AddHours(71), DateTimeOffset.UtcNow.AddHours(72));
    }

    [Fact]
    public async Task Preflight_AgainstATenantWhereOneUserHasNoExchangeLicence_FailsThatUserAlone_AndSyncsTheOthers()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 4, Users = 2, MessagesPerUser = 15 }), cts.Token);
        await using var graph = await MigrationBot.Tests.Graph.FakeGraph.StartAsync();
        graph.Domains.Add((MigrationPair.Domain, true));
        graph.Users[MigrationPair.EmailOf("user1")] = (true, "Enabled", true);
        graph.Users[MigrationPair.EmailOf("user2")] = (true, null, true);
        var settings = new Dictionary<string, string>(WaveSettings.For(pair)) { ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true", ["Graph:BaseUrl"] = graph.BaseUrl.AbsoluteUri };
        await using var bot = await InProcessBot.StartAsync("Development", settings, builder =>
            builder.Services.AddKeyedSingleton<Azure.Core.TokenCredential>(MigrationBot.Graph.GraphExtensions.CredentialKey, new MigrationBot.Tests.Graph.FixedTokenCredential("t")), cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();

        await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave8"), Admin, cts.Token);
        var synced = await WaitForAsync(store, "wave8", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);

        Assert.Equal(BatchState.SyncedWithErrors, synced.State);
        var users = await store.UsersAsync(synced.Id, cts.Token);
        Assert.Equal(UserState.Synced, users.Single(u => u.EmailAddress == MigrationPair.EmailOf("user1")).State);
        var unlicensed = users.Single(u => u.EmailAddress == MigrationPair.EmailOf("user2"));
        Assert.Equal(UserState.Failed, unlicensed.State);
        Assert.Contains("no license with an Exchange Online plan", unlicensed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, unlicensed.Totals.Copied);

        // The announcement went out (by a job) to the user who passed, with the profile Graph gave; not to the other.
        var deliveries = bot.Services.GetRequiredService<MigrationBot.Notices.Delivery.NoticeDeliveryStore>();
        while ((await deliveries.ListAsync(synced.Id, cts.Token)).Count == 0)
            await Task.Delay(100, cts.Token);
        var announced = Assert.Single(await deliveries.ListAsync(synced.Id, cts.Token));
        Assert.Equal((MigrationPair.EmailOf("user1"), MigrationBot.Notices.NoticeKind.Announcement), (announced.EmailAddress, announced.Kind));
        Assert.Equal("id-user1", users.Single(u => u.EmailAddress == MigrationPair.EmailOf("user1")).Profile.ObjectId);
    }

    [Fact]
    public async Task InvalidCsv_AnswersTheFormWithItsErrors_AndCreatesNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["user1"], cancellationToken: cts.Token);
        await using var bot = await StartBotAsync(pair, cts.Token);

        var answer = await PressAsync(bot, "submitBatch",
            new { batchName = "wave3", endpoint = "demo", credentials = "Dovecot", csv = "EmailAddress,UserName\nuser1@corpus.example,user1\nnot-an-address,x\n" }, Admin, cts.Token);

        Assert.Contains("CSV line 3", Text(answer), StringComparison.Ordinal);
        Assert.Empty(await bot.Services.GetRequiredService<IBatchStore>().ListLiveAsync(cts.Token));
    }

    [Fact]
    public async Task Submit_ByANonAdmin_IsRefusedAndAudited_AndCreatesNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["user1"], cancellationToken: cts.Token);
        await using var bot = await StartBotAsync(pair, cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();

        var answer = await PressAsync(bot, "submitBatch",
            new { batchName = "wave4", endpoint = "demo", credentials = "Dovecot", csv = "EmailAddress,UserName\nuser1@corpus.example,user1\n" }, Stranger, cts.Token);

        Assert.Contains("Only MigrationBot", Text(answer), StringComparison.Ordinal);
        Assert.Empty(await store.ListLiveAsync(cts.Token));
        Assert.Contains(await store.AuditTrailAsync(10, cts.Token), e => e.Actor == $"user:{Stranger}" && e.Action == "submit" && !e.Allowed);
    }

    [Fact]
    public async Task PersonalChatWaveWithPerUserPasswords_RunToCompletion_LeavesNoSecretInTheDatabaseItsWalOrAnyLogLine()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 5, Users = 2, MessagesPerUser = 20 }), cts.Token);
        var clientSecret = "client-secret-" + Guid.NewGuid().ToString("N");
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["MicrosoftAppId"] = "6b2c7a50-3c2e-4f0a-9d0e-5a1b2c3d4e5f",
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppPassword"] = clientSecret,
        };
        var secrets = new Dictionary<string, string>
        {
            ["a user's CSV password"] = MigrationPair.Password,
            ["the source's admin password"] = pair.Source.Options.MasterUser.Password,
            ["the target's admin password"] = pair.Target.Options.MasterUser.Password,
            ["the bot's client secret"] = clientSecret,
        };
        await using (var bot = await InProcessBot.StartAsync("Development", settings, logs.Attach(), cts.Token))
        {
            var store = bot.Services.GetRequiredService<IBatchStore>();
            var databasePath = bot.Services.GetRequiredService<IOptions<StoreOptions>>().Value.SqlitePath!;
            var csv = "EmailAddress,UserName,Password\n" + string.Concat(pair.Users.Select(u => $"{MigrationPair.EmailOf(u)},{u},{MigrationPair.Password}\n"));

            var created = await PressAsync(bot, "submitBatch", new { batchName = "wave5", endpoint = "demo", credentials = "csv", csv }, Admin, cts.Token, conversationType: "personal");

            Assert.Contains("2 users, 2 passwords (hidden)", Text(created), StringComparison.Ordinal);
            Assert.DoesNotContain(MigrationPair.Password, Text(created), StringComparison.Ordinal);
            var synced = await WaitForAsync(store, "wave5", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
            Assert.Equal(BatchState.Synced, synced.State);
            SecretScan.AssertNotInDatabase(databasePath, MigrationPair.Password);
            await PressAsync(bot, BatchVerbs.Approve, new { batchId = synced.Id.ToString("D") }, Approver, cts.Token, conversationType: "personal");
            await WaitForAsync(store, "wave5", s => s is BatchState.Completed or BatchState.CompletedWithErrors, cts.Token);
            AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
            foreach (var secret in secrets.Values)
                SecretScan.AssertNotInDatabase(databasePath, secret);
        }

        // Every line the host logged, its stop included, down to Debug and Trace.
        Assert.Contains(logs.Lines, l => l.StartsWith("Debug ", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains(" MigrationBot.", StringComparison.Ordinal));
        foreach (var (what, secret) in secrets)
            SecretScan.AssertNotInLogs(logs.Lines, secret, what);
    }

    [Fact]
    public async Task TestConnection_AnswersInTheForm_ThatTheLoginWorks_OrWhyItDoesNot()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["user1"], cancellationToken: cts.Token);
        await using var bot = await StartBotAsync(pair, cts.Token);
        var csv = "EmailAddress,UserName\nuser1@corpus.example,user1\n";

        var good = await PressAsync(bot, "testConnection", new { batchName = "wave6", endpoint = "demo", credentials = "Dovecot", csv }, Admin, cts.Token);
        var bad = await PressAsync(bot, "testConnection", new { batchName = "wave6", endpoint = "demo", credentials = "Dovecot", adminPassword = "wrong-password", csv }, Admin, cts.Token);

        Assert.Contains("and logged in as user1", Text(good), StringComparison.Ordinal);
        Assert.Contains("IMAP4rev1", Text(good), StringComparison.Ordinal);
        Assert.Contains("The test failed", Text(bad), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", Text(bad), StringComparison.Ordinal);
        Assert.Empty(await bot.Services.GetRequiredService<IBatchStore>().ListLiveAsync(cts.Token));
    }

    [Fact]
    public async Task RemoveConfirmed_DeletesTheJobsAndPurgesTheCredentials_KeepsTheMail_AndFreesTheName()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["user1", "user2"], cancellationToken: cts.Token);
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 9, Users = 2, MessagesPerUser = 20 }), cts.Token);
        await using var bot = await StartBotAsync(pair, cts.Token);
        var store = bot.Services.GetRequiredService<IBatchStore>();
        await PressAsync(bot, "submitBatch", WaveSettings.Form(pair, "wave7"), Admin, cts.Token);
        var synced = await WaitForAsync(store, "wave7", s => s is BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed, cts.Token);
        var scheduler = bot.Services.GetRequiredService<MigrationBot.Batches.Jobs.BatchScheduler>();
        Assert.True(await scheduler.HasMailboxJobsAsync(synced.Id, cts.Token));

        var removed = await PressAsync(bot, BatchVerbs.ConfirmRemove, new { batchId = synced.Id.ToString("D") }, Admin, cts.Token);

        Assert.Contains("Removed wave7", Text(removed), StringComparison.Ordinal);
        Assert.Equal(BatchState.Removing, (await store.GetAsync(synced.Id, cts.Token))!.State);
        Assert.False(await scheduler.HasMailboxJobsAsync(synced.Id, cts.Token));
        Assert.Equal(new StoredSecrets(null, null), await store.SecretsAsync(synced.Id, MigrationPair.EmailOf("user1"), cts.Token));
        Assert.Null(await store.FindLiveAsync("wave7", cts.Token));
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        var again = await PressAsync(bot, BatchVerbs.ConfirmRemove, new { batchId = synced.Id.ToString("D") }, Admin, cts.Token);
        Assert.Contains("no longer exists", Text(again), StringComparison.Ordinal);
    }
}
