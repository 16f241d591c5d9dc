using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Conversations;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.Conversations;

/// <summary>
/// What the conversation store and the people directory must do, whatever the database: each provider's test class
/// derives from this and says where a fresh, empty store lives.
/// </summary>
public abstract class ConversationStoreContract : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 22, 0, 0, TimeSpan.Zero));
    private ConversationStore _store = null!;
    private PeopleDirectory _people = null!;

    /// <summary>The store settings of a fresh, empty application database.</summary>
    protected abstract Task<StoreOptions> EmptyStoreAsync();

    public async Task InitializeAsync()
    {
        var options = Options.Create(await EmptyStoreAsync());
        _store = new ConversationStore(options);
        _people = new PeopleDirectory(options);
    }

    public virtual Task DisposeAsync()
    {
        _store.Dispose();
        _people.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AMessage_StoresTheReference_WithEverythingNeededToWriteBack()
    {
        await Recorder().RecordAsync(Activity(TestActivities.Message("hi").ToJsonString()), CancellationToken.None);

        var stored = await _store.GetAsync("a:personal-1", CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal("https://smba.trafficmanager.net/amer/", stored.ServiceUrl);
        Assert.Equal("msteams", stored.ChannelId);
        Assert.Equal(TestActivities.TenantId, stored.TenantId);
        Assert.Equal(TestActivities.BotId, stored.BotId);
        Assert.Equal("29:user-1", stored.UserId);
        Assert.Equal("aad-user-1", stored.UserAadObjectId);
        Assert.Equal("personal", stored.ConversationType);
        Assert.Equal(_time.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task RepeatedInstallEvents_AreHarmless()
    {
        var update = TestActivities.Message("");
        update["type"] = "conversationUpdate";

        await Recorder().RecordAsync(Activity(update.ToJsonString()), CancellationToken.None);
        await Recorder().RecordAsync(Activity(update.ToJsonString()), CancellationToken.None);

        Assert.Single(await _store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AChannelPost_StoresTheTeamAndChannel()
    {
        var post = Activity("""
            {"type":"message","text":"<at>Test Bot</at> channel post","id":"4abd","serviceUrl":"http://localhost:56150/_connector",
             "conversation":{"isGroup":true,"conversationType":"channel","tenantId":"t1","id":"channel-announcements-id;messageid=17"},
             "recipient":{"id":"bot-1","name":"Test Bot"},"from":{"id":"user-id-0"},
             "channelData":{"teamsChannelId":"channel-announcements-id","teamsTeamId":"team-id","tenant":{"id":"t1"},"team":{"id":"team-id"},"channel":{"id":"channel-announcements-id"}},
             "channelId":"msteams"}
            """);

        await Recorder().RecordAsync(post, CancellationToken.None);

        var stored = await _store.GetAsync("channel-announcements-id;messageid=17", CancellationToken.None);
        Assert.Equal("team-id", stored!.TeamId);
        Assert.Equal("channel-announcements-id", stored.TeamsChannelId);
        Assert.Equal("channel", stored.ConversationType);
    }

    [Fact]
    public async Task Uninstalling_RemovesTheReference()
    {
        await Recorder().RecordAsync(Activity(TestActivities.Message("hi").ToJsonString()), CancellationToken.None);
        var uninstall = TestActivities.Message("");
        uninstall["type"] = "installationUpdate";
        uninstall["action"] = "remove";

        await Recorder().RecordAsync(Activity(uninstall.ToJsonString()), CancellationToken.None);

        Assert.Null(await _store.GetAsync("a:personal-1", CancellationToken.None));
    }

    [Fact]
    public async Task ThePersonalChatOfAUser_IsFoundByEntraObjectIdOrTeamsId()
    {
        await Recorder().RecordAsync(Activity(TestActivities.Message("hi").ToJsonString()), CancellationToken.None);

        Assert.Equal("a:personal-1", (await _store.FindPersonalAsync("aad-user-1", CancellationToken.None))?.ConversationId);
        Assert.Equal("a:personal-1", (await _store.FindPersonalAsync("29:user-1", CancellationToken.None))?.ConversationId);
        Assert.Null(await _store.FindPersonalAsync("someone-else", CancellationToken.None));
    }

    [Fact]
    public async Task RepeatedUnchangedMessages_AreWrittenAgainOnlyOnceTheStoredCopyIsTenMinutesOld()
    {
        var recorder = Recorder();
        var hi = Activity(TestActivities.Message("hi").ToJsonString());
        await recorder.RecordAsync(hi, CancellationToken.None);
        var first = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromMinutes(9));
        await recorder.RecordAsync(hi, CancellationToken.None);
        Assert.Equal(first, (await _store.GetAsync("a:personal-1", CancellationToken.None))!.UpdatedAt);

        _time.Advance(TimeSpan.FromMinutes(1));
        await recorder.RecordAsync(hi, CancellationToken.None);
        Assert.Equal(_time.GetUtcNow(), (await _store.GetAsync("a:personal-1", CancellationToken.None))!.UpdatedAt);
    }

    [Fact]
    public async Task AMessageWithAChangedReference_IsWrittenAtOnce()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(Activity(TestActivities.Message("hi").ToJsonString()), CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        await recorder.RecordAsync(Activity(TestActivities.Message("hi", serviceUrl: "https://smba.trafficmanager.net/emea/").ToJsonString()), CancellationToken.None);

        var stored = await _store.GetAsync("a:personal-1", CancellationToken.None);
        Assert.Equal("https://smba.trafficmanager.net/emea/", stored!.ServiceUrl);
        Assert.Equal(_time.GetUtcNow(), stored.UpdatedAt);
    }

    [Fact]
    public async Task AfterAnUninstall_TheNextMessageIsStoredAgain()
    {
        var recorder = Recorder();
        var hi = Activity(TestActivities.Message("hi").ToJsonString());
        await recorder.RecordAsync(hi, CancellationToken.None);
        var uninstall = TestActivities.Message("");
        uninstall["type"] = "installationUpdate";
        uninstall["action"] = "remove";
        await recorder.RecordAsync(Activity(uninstall.ToJsonString()), CancellationToken.None);

        await recorder.RecordAsync(hi, CancellationToken.None);

        Assert.NotNull(await _store.GetAsync("a:personal-1", CancellationToken.None));
    }

    private ConversationRecorder Recorder() => new(_store, _people, _time, NullLogger<ConversationRecorder>.Instance);

    [Fact]
    public async Task Recorder_RemembersWhoSpoke_SoTheirEntraIdMapsToTheirTeamsId()
    {
        await Recorder().RecordAsync(Activity("""
            {"type":"invoke","name":"adaptiveCard/action","id":"1","serviceUrl":"https://smba.trafficmanager.net/amer/","channelId":"msteams",
             "from":{"id":"29:megan","name":"Megan Bowen","aadObjectId":"AAD-Megan"},"conversation":{"id":"19:c@thread.tacv2","conversationType":"channel"}}
            """), CancellationToken.None);

        Assert.Equal(["29:megan"], await _people.TeamsIdsAsync(["aad-megan", "aad-unknown"], CancellationToken.None));
    }

    private static InboundActivity Activity(string json) => JsonSerializer.Deserialize(json, WireJson.Default.InboundActivity)!;
}
