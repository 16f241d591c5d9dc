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

    public static TheoryData<string, string, AuthFailure> ShapeFaults() => new()
    {
        { "HS256", TestIssuer.CreateHs256Token(), AuthFailure.Algorithm },
        { "alg none", TestIssuer.CreateUnsignedToken(), AuthFailure.Algorithm },
        { "no kid", TestIssuer.Shared.CreateToken(keyId: ""), AuthFailure.MissingKeyId },
        { "another bot's audience", TestIssuer.Shared.CreateToken(d => d.Audience = "99999999-0000-0000-0000-000000000000"), AuthFailure.Claims },
        { "expired an hour ago", TestIssuer.Shared.CreateToken(d => { d.NotBefore = DateTime.UtcNow.AddHours(-3); d.IssuedAt = d.NotBefore; d.Expires = DateTime.UtcNow.AddHours(-1); }), AuthFailure.Claims },
        { "no expiry", TestIssuer.Shared.CreateToken(d => d.Expires = null), AuthFailure.Claims },
    };

    [Theory]
    [MemberData(nameof(ShapeFaults))]
    public async Task ATokenFaultyInItself_IsRefusedWithoutAnyNetworkCall_EvenWhileTheMetadataIsUnreachable(string fault, string token, AuthFailure expected)
    {
        var unreachable = new Connector.FakeHttpHandler(_ => throw new HttpRequestException("Connection refused (login.botframework.com:443)"));

        var outcome = await Validator(unreachable).ValidateAsync(token, Activity(), CancellationToken.None);

        Assert.True(expected == outcome.Failure, $"{fault}: {outcome.Failure} {outcome.Detail}");
        Assert.Empty(unreachable.Requests);
    }

    [Fact]
    public async Task AWellFormedToken_WhileTheMetadataIsUnreachable_IsAnOutage_NotARefusal()
    {
        var unreachable = new Connector.FakeHttpHandler(_ => throw new HttpRequestException("Connection refused (login.botframework.com:443)"));

        var outcome = await Validator(unreachable).ValidateAsync(_issuer.CreateToken(), Activity(), CancellationToken.None);

        Assert.Equal(AuthFailure.MetadataUnavailable, outcome.Failure);
        Assert.NotEmpty(unreachable.Requests);
    }

    [Fact]
    public async Task ASingleTenantBot_RefusesAnActivityOfAnotherTenant_AndAcceptsItsOwn()
    {
        var handler = _issuer.CreateMetadataHandler();
        var validator = new ChannelTokenValidator(
            OpenIdMetadata.CreateManager(new Uri(TestIssuer.MetadataUrl), new HttpClient(handler)),
            Options.Create(new BotOptions { MicrosoftAppId = TestIssuer.AppId, MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = TestActivities.TenantId }),
            TimeProvider.System);
        var foreign = TestActivities.Message("help");
        foreign["conversation"]!["tenantId"] = "tenant-9999";
        foreign["channelData"]!["tenant"]!["id"] = "tenant-9999";

        var own = await validator.ValidateAsync(_issuer.CreateToken(), Activity(), CancellationToken.None);
        var other = await validator.ValidateAsync(_issuer.CreateToken(), JsonSerializer.Deserialize(foreign.ToJsonString(), WireJson.Default.InboundActivity)!, CancellationToken.None);

        Assert.True(own.Succeeded, $"{own.Failure} {own.Detail}");
        Assert.Equal((AuthFailure.Tenant, "tenant-9999"), (other.Failure, other.Detail));
    }

    private static ChannelTokenValidator Validator(Connector.FakeHttpHandler handler) => new(
        OpenIdMetadata.CreateManager(new Uri(TestIssuer.MetadataUrl), new HttpClient(handler)),
        Options.Create(new BotOptions { MicrosoftAppId = TestIssuer.AppId }),
        TimeProvider.System);

    private static InboundActivity Activity() =>
        JsonSerializer.Deserialize(TestActivities.Message("help").ToJsonString(), WireJson.Default.InboundActivity)!;
}
