using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework.Connector;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Chat;
using MigrationBot.Tests.BotFramework.Connector;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Chat;

public sealed class TeamsActivityHandlerTests
{
    private readonly FakeHttpHandler _connector = new(_ => FakeHttpHandler.Json(HttpStatusCode.Created, """{"id":"reply-1"}"""));
    private readonly TrustedServiceUrls _trusted = new();

    [Fact]
    public async Task ShowCommand_ReplacesTheCardWithTheChosenCommand()
    {
        var response = await Handler().OnInvokeAsync(Invoke("showCommand", new JsonObject { ["command"] = "retry" }), CancellationToken.None);

        Assert.Equal(200, response.Status);
        var body = response.Body!.Value;
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        Assert.Equal("Command: retry NAME [USER]", body.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task RefreshHelp_ReplacesTheCardWithTheHelpCard()
    {
        var response = await Handler().OnInvokeAsync(Invoke("REFRESHHELP"), CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.Equal("MigrationBot commands", response.Body!.Value.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task AnUnknownVerb_Answers501WithTheDocumentedErrorShape()
    {
        var response = await Handler().OnInvokeAsync(Invoke("approve"), CancellationToken.None);

        Assert.Equal(501, response.Status);
        var body = response.Body!.Value;
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        Assert.Equal("NotImplemented", body.GetProperty("value").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("composeExtension/query")]
    [InlineData("fileConsent/invoke")]
    [InlineData("signin/verifyState")]
    public async Task AnUnknownInvokeName_Answers501(string name)
    {
        var response = await Handler().OnInvokeAsync(Invoke("showCommand", name: name), CancellationToken.None);

        Assert.Equal(501, response.Status);
        Assert.Null(response.Body);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("frobnicate the mailboxes")]
    [InlineData("")]
    public async Task HelpAndUnknownCommands_AreAnsweredWithTheHelpCard(string text)
    {
        _trusted.Trust("https://smba.trafficmanager.net/amer/");

        await Handler().OnActivityAsync(Message(text), CancellationToken.None);

        var reply = Assert.Single(_connector.Requests);
        Assert.EndsWith("/activities/in-1", reply.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("application/vnd.microsoft.card.adaptive", reply.Body, StringComparison.Ordinal);
        Assert.Contains("MigrationBot commands", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandWithoutAHandlerYet_SaysItIsNotAvailableYet()
    {
        _trusted.Trust("https://smba.trafficmanager.net/amer/");

        await Handler().OnActivityAsync(Message("pause wave2"), CancellationToken.None);

        Assert.Contains("pause NAME: not available yet", Assert.Single(_connector.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARegisteredCommandHandler_AnswersItsCommand()
    {
        _trusted.Trust("https://smba.trafficmanager.net/amer/");
        var handler = Handler(new StatusHandler());

        await handler.OnActivityAsync(Message("STATUS wave2"), CancellationToken.None);

        Assert.Contains("wave2 is syncing", Assert.Single(_connector.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallEvents_SendNothing()
    {
        var update = Message("") with { Type = "conversationUpdate" };

        await Handler().OnActivityAsync(update, CancellationToken.None);

        Assert.Empty(_connector.Requests);
    }

    private TeamsActivityHandler Handler(params IChatCommandHandler[] handlers) => new(
        new CommandDispatcher(handlers),
        new CardActionRouter([new ShowCommandAction(), new RefreshHelpAction()]),
        new ConnectorClient(new HttpClient(_connector), new FakeTokenSource(), _trusted, Options.Create(new ConnectorRetryOptions()), new OutboundRateLimiter(TimeProvider.System), TimeProvider.System, NullLogger<ConnectorClient>.Instance),
        NullLogger<TeamsActivityHandler>.Instance);

    private static InboundActivity Message(string text)
    {
        var json = TestActivities.Message(text);
        json["id"] = "in-1";
        return JsonSerializer.Deserialize(json.ToJsonString(), WireJson.Default.InboundActivity)!;
    }

    private static InboundActivity Invoke(string verb, JsonObject? data = null, string name = "adaptiveCard/action") =>
        JsonSerializer.Deserialize(TestActivities.Invoke(verb, data, name).ToJsonString(), WireJson.Default.InboundActivity)!;

    private sealed class StatusHandler : IChatCommandHandler
    {
        public CommandKind Kind => CommandKind.Status;

        public Task<OutboundActivity> HandleAsync(ChatCommand command, InboundActivity activity, CancellationToken cancellationToken) =>
            Task.FromResult(OutboundActivity.FromText($"{command.BatchName} is syncing"));
    }
}
