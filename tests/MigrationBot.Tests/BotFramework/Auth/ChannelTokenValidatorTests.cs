using System.Text.Json;
using Microsoft.Extensions.Options;
using MigrationBot.BotFramework;
using MigrationBot.BotFramework.Auth;
using MigrationBot.BotFramework.Wire;
using MigrationBot.Tests.Hosting;

namespace MigrationBot.Tests.BotFramework.Auth;

public sealed class ChannelTokenValidatorTests
{
    private readonly TestIssuer _issuer = TestIssuer.Shared;

    [Fact]
    public async Task ARolledOverSigningKey_IsPickedUpSoonAfterTheFirstTokenSignedWithIt()
    {
        var published = false;
        var handler = _issuer.CreateMetadataHandler(() => published);
        var validator = Validator(handler);
        var activity = Activity();

        // Ordinary traffic fills the cache with keys that do not yet include the Teams key; then it rolls over.
        var before = await validator.ValidateAsync(_issuer.CreateToken(keyId: TestIssuer.WebChatKeyId), activity, CancellationToken.None);
        published = true;

        // The unknown key asks the manager for a refresh, which it may run in the background: poll briefly.
        var after = await validator.ValidateAsync(_issuer.CreateToken(), activity, CancellationToken.None);
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !after.Succeeded && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
            after = await validator.ValidateAsync(_issuer.CreateToken(), activity, CancellationToken.None);
        }

        Assert.Equal(AuthFailure.NotEndorsed, before.Failure);
        Assert.True(after.Succeeded, $"after rollover: {after.Failure} {after.Detail}");
    }

    [Fact]
    public async Task KeysAreCached_BetweenRequests()
    {
        var handler = _issuer.CreateMetadataHandler();
        var validator = Validator(handler);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await validator.ValidateAsync(_issuer.CreateToken(), Activity(), CancellationToken.None)).Succeeded);
        }

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task AForeignIssuer_IsRefusedWithoutFetchingTheMetadata()
    {
        var handler = _issuer.CreateMetadataHandler();

        var outcome = await Validator(handler).ValidateAsync(_issuer.CreateToken(d => d.Issuer = "https://evil.example"), Activity(), CancellationToken.None);

        Assert.Equal(AuthFailure.Issuer, outcome.Failure);
        Assert.Empty(handler.Requests);
    }

    private static ChannelTokenValidator Validator(Connector.FakeHttpHandler handler) => new(
        OpenIdMetadata.CreateManager(new Uri(TestIssuer.MetadataUrl), new HttpClient(handler)),
        Options.Create(new BotOptions { MicrosoftAppId = TestIssuer.AppId }));

    private static InboundActivity Activity() =>
        JsonSerializer.Deserialize(TestActivities.Message("help").ToJsonString(), WireJson.Default.InboundActivity)!;
}
