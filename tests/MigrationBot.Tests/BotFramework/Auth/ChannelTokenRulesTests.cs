using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using MigrationBot.BotFramework.Auth;

namespace MigrationBot.Tests.BotFramework.Auth;

public sealed class ChannelTokenRulesTests
{
    [Theory]
    [InlineData("https://api.botframework.com", true)]
    [InlineData("https://api.botframework.com/", false)]
    [InlineData("https://API.botframework.com", false)]
    [InlineData("https://api.botframework.us", false)]
    [InlineData("https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", false)]
    [InlineData(null, false)]
    public void IsAllowedIssuer_AcceptsOnlyThePublicBotFrameworkIssuer(string? issuer, bool allowed) =>
        Assert.Equal(allowed, ChannelTokenRules.IsAllowedIssuer(issuer));

    [Fact]
    public void IsEndorsed_IsTrueWhenTheKeyEndorsesTheChannel() =>
        Assert.True(ChannelTokenRules.IsEndorsed(["webchat", "msteams"], "msteams"));

    [Fact]
    public void IsEndorsed_IsFalseForAnotherChannel() => Assert.False(ChannelTokenRules.IsEndorsed(["webchat"], "msteams"));

    [Fact]
    public void IsEndorsed_IsFalseForAKeyWithoutEndorsements() => Assert.False(ChannelTokenRules.IsEndorsed([], "msteams"));

    [Fact]
    public void IsEndorsed_IsFalseWhenTheActivityHasNoChannel() => Assert.False(ChannelTokenRules.IsEndorsed(["msteams"], null));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/", true)]
    [InlineData("http://localhost:56150/_connector/", "http://localhost:56150/_connector", true)]
    [InlineData("https://SMBA.trafficmanager.net/amer", "https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://evil.example/amer/", false)]
    [InlineData(null, "https://smba.trafficmanager.net/amer/", false)]
    [InlineData("", "https://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", null, false)]
    public void ServiceUrlMatches_IgnoresCaseAndOneTrailingSlashOnly(string? claim, string? activity, bool matches) =>
        Assert.Equal(matches, ChannelTokenRules.ServiceUrlMatches(claim, activity));

    [Fact]
    public void ReadEndorsements_ReadsTheArrayOfAParsedJwk()
    {
        var key = new JsonWebKey("""{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB","endorsements":["msteams","skype"]}""");

        Assert.Equal(["msteams", "skype"], ChannelTokenRules.ReadEndorsements(key));
    }

    [Fact]
    public void ReadEndorsements_IsEmptyWhenTheKeyHasNone() =>
        Assert.Empty(ChannelTokenRules.ReadEndorsements(new JsonWebKey("""{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}""")));

    [Fact]
    public void AllowedAlgorithms_AreTheRsaPkcs1OnesOnly() =>
        Assert.Equal(["RS256", "RS384", "RS512"], ChannelTokenRules.AllowedAlgorithms);

    [Theory]
    [InlineData(null, AuthFailure.MissingHeader)]
    [InlineData("", AuthFailure.MissingHeader)]
    [InlineData("Basic abc", AuthFailure.NotBearer)]
    [InlineData("Bearer", AuthFailure.NotBearer)]
    [InlineData("Bearer    ", AuthFailure.MalformedToken)]
    [InlineData("bearer abc.def.ghi", AuthFailure.None)]
    public void BearerHeader_AcceptsOnlyTheBearerScheme(string? header, AuthFailure expected) =>
        Assert.Equal(expected, BearerHeader.TryRead(header, out _));

    [Fact]
    public void ReadEndorsements_ToleratesAJsonElementValue()
    {
        var key = new JsonWebKey { Kid = "k" };
        key.AdditionalData["endorsements"] = JsonDocument.Parse("""["msteams"]""").RootElement.Clone();

        Assert.Equal(["msteams"], ChannelTokenRules.ReadEndorsements(key));
    }
}
