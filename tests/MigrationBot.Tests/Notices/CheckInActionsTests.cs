using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MigrationBot.Batches.Storage;
using MigrationBot.Engine.Imap;
using MigrationBot.Notices.Cards;
using MigrationBot.Tests.BotFramework.Auth;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Notices;

public sealed class CheckInActionsTests
{
    private const string Channel = "19:it@thread.tacv2;messageid=1";
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    private async Task<(RunningBot Bot, Batch Batch)> StartAsync()
    {
        var bot = await RunningBot.StartAsync("Production", _issuer);
        var message = TestActivities.Message("help", conversationId: Channel);
        message["conversation"]!["conversationType"] = "channel";
        await bot.PostActivityWithTokenAsync(message, _issuer.CreateToken());
        await bot.Connector.WaitForRequestAsync(r => r.Method == HttpMethod.Post, TimeSpan.FromSeconds(10));
        var store = bot.App.Services.GetRequiredService<IBatchStore>();
        var batch = await store.CreateAsync(new BatchDraft("wave2", "user:a", new BatchSettings { Source = new ImapEndpoint("imap.contoso.com", 993, ImapSecurity.Ssl) },
            Channel, [new DraftUser("ann@contoso.com", "ann", null, null)], null), CancellationToken.None);
        await store.SetProfileAsync(batch.Id, "ann@contoso.com", new UserProfile("aad-user-1", "Ann", null, null), CancellationToken.None);
        return (bot, batch);
    }

    private static JsonObject Press(string verb, Batch batch, string objectId, string? missing = null)
    {
        var press = TestActivities.Invoke(verb, new JsonObject { ["batchId"] = batch.Id.ToString("D"), ["batchName"] = batch.Name, ["missing"] = missing });
        press["from"]!["aadObjectId"] = objectId;
        return press;
    }

    [Fact]
    public async Task SomethingMissing_FromTheUserTheCardWasFor_TellsTheItChannelWhatTheyWrote()
    {
        var (bot, batch) = await StartAsync();
        await using (bot)
        {
            var answer = await bot.PostActivityWithTokenAsync(Press(NoticeCard.SomethingMissingVerb, batch, "aad-user-1", "the folder Projects/2019"), _issuer.CreateToken());

            Assert.Contains("IT has been told", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var posted = await bot.Connector.WaitForRequestAsync(r => r.Body?.Contains("says something is missing", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
            Assert.Contains("ann@contoso.com", posted.Body, StringComparison.Ordinal);
            Assert.Contains("the folder Projects/2019", posted.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAnswerFromSomeoneElse_IsRefusedAndNothingIsPosted()
    {
        var (bot, batch) = await StartAsync();
        await using (bot)
        {
            var answer = await bot.PostActivityWithTokenAsync(Press(NoticeCard.AllThereVerb, batch, "aad-someone-else"), _issuer.CreateToken());

            Assert.Contains("sent to someone else", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await Task.Delay(300);
            // Only the check-in's own post counts: the new batch's preflight posts to the same channel on its own time.
            Assert.DoesNotContain(bot.Connector.Requests, r => r.Body?.Contains("Check-in of", StringComparison.Ordinal) == true);
        }
    }
}
