using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Runs;
using MigrationBot.Batches.Storage;
using MigrationBot.Bench.Corpus;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Conversations;
using MigrationBot.IntegrationTests.Engine;
using MigrationBot.IntegrationTests.Playground;
using MigrationBot.IntegrationTests.Servers;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.IntegrationTests.Batches;

/// <summary>
/// A wave of twenty mailboxes of one tenant against a target that throttles like Exchange Online under load
/// (<c>NO Request is throttled. Suggested Backoff Time: N milliseconds</c>, then <c>* BYE</c>): the engine backs off
/// for the whole host, lowers how many mailboxes it syncs at once, recovers, and the progress card says until when.
/// </summary>
public sealed class ThrottledWaveTests
{
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string Channel = "19:it-channel@thread.tacv2";

    [Fact]
    public async Task TwentyMailboxesThrottledWithBye_BackOffPerHost_LowerConcurrency_AndEndSyncedWithEveryMessageOnce_TheProgressCardSayingThrottledUntil()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var users = Enumerable.Range(1, 20).Select(i => $"user{i}").ToList();
        await using var pair = await MigrationPair.StartAsync(users, cancellationToken: cts.Token);
        // No keywords: the proxy's Exchange PERMANENTFLAGS lets no client create them (ExchangeLikeTargetTests covers that part).
        await pair.SeedAsync(CorpusGenerator.Generate(new CorpusOptions { Seed = 41, Users = 20, MessagesPerUser = 15, Cases = CorpusCases.Default & ~CorpusCases.Keywords }), cts.Token);
        // Every 9th APPEND across the tenant is refused with a 2 s backoff, and the connection closed.
        await using var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort, throttleAppend: n => n % 9 == 0, backoffMilliseconds: 2000, byeAfterThrottle: true);
        var connector = new FakeHttpHandler(r => FakeHttpHandler.Json(System.Net.HttpStatusCode.Created, """{"id":"1"}"""));
        var settings = new Dictionary<string, string>(WaveSettings.For(pair))
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Target:Port"] = proxy.Port.ToString(CultureInfo.InvariantCulture),
            ["Target:Security"] = "None",
            ["Endpoints:demo:MaxConcurrentMailboxes"] = "20",
            ["Alerts:ThrottleAfter"] = "00:00:01",
            ["Alerts:CheckEvery"] = "00:00:01",
        };
        await using var bot = await InProcessBot.StartAsync("Development", settings, builder =>
        {
            builder.Services.AddHttpClient<MigrationBot.BotFramework.Connector.ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector);
            builder.Services.AddSingleton<MigrationBot.BotFramework.Connector.IBotTokenSource>(new FakeTokenSource());
        }, cts.Token);
        await bot.Services.GetRequiredService<ConversationStore>().UpsertAsync(new ConversationReference(
            Channel, "https://smba.trafficmanager.net/amer/", "msteams", Tenant, "channel", "28:bot", "MigrationBot",
            null, null, null, "19:team@thread.tacv2", Channel, DateTimeOffset.UtcNow), cts.Token);
        var hosts = bot.Services.GetRequiredService<EngineServices>().Hosts;
        var form = new
        {
            batchName = "wave2",
            endpoint = "demo",
            credentials = "Dovecot",
            maxConcurrent = "20",
            csv = "EmailAddress,UserName\n" + string.Concat(users.Select(u => $"{MigrationPair.EmailOf(u)},{u}\n")),
        };
        var press = new InboundActivity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            ChannelId = "msteams",
            From = new ChannelAccount { Id = "29:" + WaveSettings.Admin, AadObjectId = WaveSettings.Admin, Name = "Alex Wilber" },
            Conversation = new ConversationAccount { Id = Channel, TenantId = Tenant, ConversationType = "channel" },
            ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = Tenant } },
        };
        await bot.Services.GetRequiredService<CardActionRouter>().RouteAsync("submitBatch", JsonSerializer.SerializeToElement(form), press, cts.Token);

        var store = bot.Services.GetRequiredService<IBatchStore>();
        var lowest = HostGovernorLimit(hosts, pair);
        Batch? batch;
        while ((batch = await store.FindLiveAsync("wave2", cts.Token)) is null || batch.State is not (BatchState.Synced or BatchState.SyncedWithErrors or BatchState.Failed))
        {
            lowest = Math.Min(lowest, HostGovernorLimit(hosts, pair));
            await Task.Delay(50, cts.Token);
        }

        Assert.True(proxy.Throttled > 0, "the target never throttled: the test proves nothing");
        Assert.Equal(BatchState.Synced, batch.State);
        Assert.True(lowest < MigrationBot.Engine.Sync.HostGovernor.DefaultCeiling, $"the host's limit never went below {MigrationBot.Engine.Sync.HostGovernor.DefaultCeiling}");
        AssertMigration.Identical(await pair.VerifyAsync(cancellationToken: cts.Token));
        Assert.Contains(connector.Requests, r => Uri.UnescapeDataString(r.Uri.AbsolutePath).Contains(Channel, StringComparison.Ordinal)
            && r.Body?.Contains("Migration batch wave2", StringComparison.Ordinal) == true && r.Body.Contains("throttled until", StringComparison.Ordinal));
    }

    private static int HostGovernorLimit(MigrationBot.Engine.Sync.HostGovernor hosts, MigrationPair pair) => hosts.LimitFor(pair.Target.Host);
}
