using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Form;
using MigrationBot.Batches.Storage;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Batches;

/// <summary>The batch form's ways in, through the real host and a fake Connector: a CSV file in personal chat, and a form moved from a channel.</summary>
public sealed class BatchFormFlowTests
{
    private const string CsvText = "EmailAddress,UserName,Password\nann@contoso.com,ann,Unguessable-1\nbob@contoso.com,bob,Unguessable-2\n";
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Authorization:Admins:0"] = "aad-user-1",
        ["Target:Host"] = "127.0.0.1",
        ["Target:Auth"] = "Master",
        ["Target:AdminUser"] = "admin",
        ["Target:AdminPassword"] = "admin-secret",
    };

    private Task<RunningBot> StartAsync(FakeHttpHandler files) =>
        RunningBot.StartAsync("Production", _issuer, Settings, builder =>
            builder.Services.AddHttpClient(CsvAttachment.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => files));

    [Fact]
    public async Task StartBatch_WithACsvFileInPersonalChat_AnswersTheFormSayingHowManyPasswordsItHoldsButNotThem()
    {
        var files = new FakeHttpHandler(r => r.Uri.AbsolutePath == "/users.csv"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(CsvText) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
        await using var bot = await StartAsync(files);
        var message = TestActivities.Message("start batch wave2");
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = CsvAttachment.FileDownloadInfo,
            ["name"] = "users.csv",
            ["contentUrl"] = "https://contoso.sharepoint.com/personal/users.csv",
            ["content"] = new JsonObject { ["downloadUrl"] = "https://contoso-my.sharepoint.com/users.csv", ["fileType"] = "csv" },
        });

        await bot.PostActivityWithTokenAsync(message, _issuer.CreateToken());

        var reply = await bot.Connector.WaitForRequestAsync(r => r.Body?.Contains("New migration batch", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Contains("Attached: users.csv (2 users, 2 passwords (hidden))", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Unguessable", reply.Body, StringComparison.Ordinal);
        Assert.Contains("uploadKey", reply.Body, StringComparison.Ordinal);
        Assert.Null(files.Requests.Single().Authorization);
    }

    [Fact]
    public async Task ContinueInPersonalChat_SendsTheFormToThePressersChat_AndItsBatchReportsToTheChannel()
    {
        await using var bot = await StartAsync(new FakeHttpHandler());
        var channel = TestActivities.Message("help", conversationId: "19:it@thread.tacv2;messageid=1");
        channel["conversation"]!["conversationType"] = "channel";
        await bot.PostActivityWithTokenAsync(channel, _issuer.CreateToken());
        await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var press = TestActivities.Invoke(BatchFormFields.ContinueInPersonalChatVerb, new JsonObject { ["batchName"] = "wave2" });
        press["conversation"] = new JsonObject { ["id"] = "19:it@thread.tacv2;messageid=1", ["conversationType"] = "channel", ["tenantId"] = TestActivities.TenantId };

        var answer = await bot.PostActivityWithTokenAsync(press, _issuer.CreateToken());

        Assert.Contains("is in your personal chat", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var created = await bot.Connector.WaitForRequestAsync(r => r.Uri.AbsolutePath.EndsWith("/v3/conversations", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("29:user-1", created.Body, StringComparison.Ordinal);
        var form = await bot.Connector.WaitForRequestAsync(r => r.Body?.Contains("New migration batch", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Contains("password, from the CSV", form.Body, StringComparison.Ordinal);
        Assert.Contains("19:it@thread.tacv2;messageid=1", form.Body, StringComparison.Ordinal);

        var submit = TestActivities.Invoke(BatchFormFields.SubmitVerb, new JsonObject
        {
            ["batchName"] = "wave2", ["originConversation"] = "19:it@thread.tacv2;messageid=1", ["endpoint"] = "other", ["host"] = "imap.contoso.com",
            ["credentials"] = "csv", ["csv"] = CsvText,
        });
        var submitted = await (await bot.PostActivityWithTokenAsync(submit, _issuer.CreateToken())).Content.ReadAsStringAsync();

        Assert.Contains("progress card is in the channel", submitted, StringComparison.Ordinal);
        var batch = await bot.App.Services.GetRequiredService<IBatchStore>().FindLiveAsync("wave2", CancellationToken.None);
        Assert.Equal("19:it@thread.tacv2;messageid=1", batch!.ConversationId);
        var progress = await bot.Connector.WaitForRequestAsync(
            r => r.Method == HttpMethod.Post && r.Body?.Contains("Migration batch wave2", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10));
        Assert.Contains("/v3/conversations/19:it@thread.tacv2;messageid=1/activities", Uri.UnescapeDataString(progress.Uri.AbsolutePath), StringComparison.Ordinal);
    }
}
