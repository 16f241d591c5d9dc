using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.Batches.Jobs;
using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Engine.Imap;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;
using Quartz;

namespace MigrationBot.Tests.Batches.Alerts;

/// <summary>
/// The real host on a SQLite file that outlives it (so a test can restart it), a fake Connector that records posts,
/// and a fake clock; its batch reports to a personal conversation the bot has seen.
/// </summary>
public sealed class AlertHost : IAsyncDisposable
{
    public const string Admin = "aad-user-1";
    public const string Conversation = "a:personal-1";
    public const string Skipped = "skipped@contoso.com";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Authorization:Admins:0"] = Admin,
        ["Target:Host"] = "127.0.0.1",
        ["Target:Auth"] = "Master",
        ["Target:AdminUser"] = "admin",
        ["Target:AdminPassword"] = "admin-secret",
    };

    private AlertHost(WebApplication app) => App = app;

    /// <summary>A fake clock at the real now (Quartz keeps real time), in whole milliseconds as the store keeps times.</summary>
    public static FakeTimeProvider Clock() => new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public IBatchStore Store => Services.GetRequiredService<IBatchStore>();

    /// <summary>Starts the host on <paramref name="directory"/>'s database and waits for its scheduler.</summary>
    /// <param name="configure">Replaces more of the host's services (its store, its preflight).</param>
    public static async Task<AlertHost> StartAsync(string directory, FakeHttpHandler connector, FakeTimeProvider time, Action<WebApplicationBuilder>? configure = null)
    {
        var app = RunningBot.Build("Production", TestIssuer.Shared, connector, directory, Settings, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var host = new AlertHost(app);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(TestActivities.Message("help", conversationId: Conversation).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", TestIssuer.Shared.CreateToken());
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
        var scheduler = await host.SchedulerAsync();
        for (var i = 0; i < 100 && await scheduler.GetStatus(CancellationToken.None) != SchedulerStatus.Running; i++)
            await Task.Delay(50);
        return host;
    }

    public Task<IScheduler> SchedulerAsync() => Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask();

    /// <summary>
    /// A batch of <paramref name="users"/> in its initial sync, each user syncing, with no mailbox job of their own (as
    /// when their jobs were lost), and one skipped user whose far-off job stands for the batch's schedule: a restart's
    /// recovery then finds the schedule and runs none of the syncing users again by itself.
    /// </summary>
    public async Task<Batch> SyncingBatchAsync(params string[] users)
    {
        var batch = await Store.CreateAsync(new BatchDraft("wave2", "user:" + Admin, new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            Conversation, [.. users.Append(Skipped).Select(u => new DraftUser(u, u.Split('@')[0], null, null))], null), CancellationToken.None);
        await Store.MoveAsync(batch.Id, BatchState.Created, BatchState.Validating, "test", CancellationToken.None);
        await Store.MoveAsync(batch.Id, BatchState.Validating, BatchState.Syncing, "test", CancellationToken.None);
        foreach (var user in users)
            await Store.MoveUserAsync(batch.Id, user, UserState.Queued, UserState.Syncing, "test", null, CancellationToken.None);
        await Store.MoveUserAsync(batch.Id, Skipped, UserState.Queued, UserState.Skipped, "test", null, CancellationToken.None);
        await Services.GetRequiredService<BatchScheduler>().ScheduleMailboxesAsync(batch, [Skipped], DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);
        return (await Store.GetAsync(batch.Id, CancellationToken.None))!;
    }

    /// <summary>A card button pressed by <paramref name="objectId"/> in the batch's conversation, as Teams sends it.</summary>
    public async Task<string> PressAsync(string verb, object data, string objectId)
    {
        var activity = new InboundActivity
        {
            Type = ActivityTypes.Invoke,
            Name = "adaptiveCard/action",
            ChannelId = "msteams",
            From = new ChannelAccount { Id = "29:" + objectId, AadObjectId = objectId, Name = "Person " + objectId },
            Conversation = new ConversationAccount { Id = Conversation, TenantId = TestActivities.TenantId, ConversationType = "personal" },
            ChannelData = new TeamsChannelData { Tenant = new TeamsEntity { Id = TestActivities.TenantId } },
        };
        var answer = await Services.GetRequiredService<CardActionRouter>().RouteAsync(verb, JsonSerializer.SerializeToElement(data), activity, CancellationToken.None);
        return answer!.Value.GetRawText();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
