using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Progress;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Batches;

/// <summary>The progress card through the real host and a fake Connector: updated in place, rate-limited, and never lost.</summary>
public sealed class ProgressCardPublisherTests
{
    private const string Conversation = "a:personal-1";
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    private static async Task<Batch> CreateBatchAsync(RunningBot bot, string? progressActivity)
    {
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            Conversation, [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        if (progressActivity is not null)
            await store.SetProgressActivityAsync(batch.Id, progressActivity, CancellationToken.None);
        return batch;
    }

    private static List<RecordedRequest> Updates(FakeHttpHandler connector, string activityId) =>
        [.. connector.Requests.Where(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.EndsWith("/activities/" + activityId, StringComparison.Ordinal))];

    [Fact]
    public async Task ManyChangesInASecond_UpdateTheCardInPlaceOnce_AndOnceMoreAfterTheInterval()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        await bot.PostActivityWithTokenAsync(TestActivities.Message("help", conversationId: Conversation), _issuer.CreateToken());
        var batch = await CreateBatchAsync(bot, progressActivity: "card-1");
        var board = bot.App.Services.GetRequiredService<ProgressBoard>();

        for (var i = 0; i < 20; i++)
        {
            board.Changed(batch.Id);
            await Task.Delay(50);
        }

        await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Put, TimeSpan.FromSeconds(5));
        Assert.Single(Updates(bot.Connector, "card-1"));
        await Task.Delay(ProgressCardPublisher.MinInterval + TimeSpan.FromSeconds(1));
        var updates = Updates(bot.Connector, "card-1");
        Assert.Equal(2, updates.Count);
        Assert.Contains("Migration batch wave2", updates[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedUpdate_IsTriedAgainLater_UntilTheCardIsCurrent()
    {
        var failedOnce = 0;
        var connector = new FakeHttpHandler(r => r.Method == HttpMethod.Put && Interlocked.Exchange(ref failedOnce, 1) == 0
            ? FakeHttpHandler.Json(HttpStatusCode.InternalServerError, """{"error":{"code":"ServiceError","message":"try later"}}""")
            : FakeHttpHandler.Json(HttpStatusCode.OK, """{"id":"card-1"}"""));
        await using var bot = await RunningBot.StartAsync("Production", _issuer, configure: builder =>
            builder.Services.AddHttpClient<MigrationBot.BotFramework.Connector.ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => connector));
        await bot.PostActivityWithTokenAsync(TestActivities.Message("help", conversationId: Conversation), _issuer.CreateToken());
        var batch = await CreateBatchAsync(bot, progressActivity: "card-1");

        bot.App.Services.GetRequiredService<ProgressBoard>().Changed(batch.Id);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (Updates(connector, "card-1").Count < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.True(Updates(connector, "card-1").Count >= 2, "the failed update was not tried again");
    }

    [Fact]
    public async Task ABatchWithoutACardYet_PostsItOnce_AndRemembersItsActivity()
    {
        await using var bot = await RunningBot.StartAsync("Production", _issuer);
        await bot.PostActivityWithTokenAsync(TestActivities.Message("help", conversationId: Conversation), _issuer.CreateToken());
        var batch = await CreateBatchAsync(bot, progressActivity: null);

        bot.App.Services.GetRequiredService<ProgressBoard>().Changed(batch.Id);

        await bot.Connector.WaitForRequestAsync(r => r.Body?.Contains("Migration batch wave2", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(5));
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while ((await store.GetAsync(batch.Id, CancellationToken.None))!.ProgressActivityId is null && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal("1", (await store.GetAsync(batch.Id, CancellationToken.None))!.ProgressActivityId);
    }
}
