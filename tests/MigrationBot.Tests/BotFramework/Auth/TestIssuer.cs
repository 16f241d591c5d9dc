using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MigrationBot.Tests.BotFramework.Connector;

namespace MigrationBot.Tests.BotFramework.Auth;

/// <summary>
/// A stand-in for login.botframework.com: locally generated RSA keys behind a static OpenID configuration
/// and JWKS (with Bot Framework <c>endorsements</c>), served by a fake handler, plus a token factory.
/// </summary>
public sealed class TestIssuer
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string MetadataUrl = MigrationBot.BotFramework.BotOptions.PublicOpenIdMetadataUrl;
    public const string KeysUrl = "https://login.botframework.com/v1/.well-known/keys";
    public const string TeamsKeyId = "teams-key";
    public const string WebChatKeyId = "webchat-key";

    private readonly RSA _teamsKey = RSA.Create(2048);
    private readonly RSA _webChatKey = RSA.Create(2048);
    private readonly RSA _unpublishedKey = RSA.Create(2048);

    private readonly string _metadataJson;
    private readonly string _keysJson;
    private readonly string _webChatOnlyKeysJson;

    private TestIssuer()
    {
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(_teamsKey, TeamsKeyId, "msteams", "emulator"), Jwk(_webChatKey, WebChatKeyId, "webchat")),
        };
        var metadata = new JsonObject
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = KeysUrl,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        };
        _metadataJson = metadata.ToJsonString();
        _keysJson = jwks.ToJsonString();
        _webChatOnlyKeysJson = new JsonObject { ["keys"] = new JsonArray(Jwk(_webChatKey, WebChatKeyId, "webchat")) }.ToJsonString();
    }

    /// <summary>One issuer for the whole run: RSA key generation is slow on a busy machine, and the keys never change.</summary>
    public static TestIssuer Shared { get; } = new();

    /// <summary>A fresh handler serving the metadata and keys (HttpClientFactory disposes handlers it no longer uses).</summary>
    public FakeHttpHandler CreateMetadataHandler() => CreateMetadataHandler(() => true);

    /// <param name="publishTeamsKey">Asked on every key fetch: false simulates the time before a key rollover.</param>
    public FakeHttpHandler CreateMetadataHandler(Func<bool> publishTeamsKey) => new(r => Respond(r.Uri, publishTeamsKey()));

    /// <summary>What the metadata server answers for <paramref name="uri"/>: the configuration, the keys, or 404.</summary>
    public HttpResponseMessage Respond(Uri uri, bool publishTeamsKey = true) => uri.AbsoluteUri switch
    {
        MetadataUrl => FakeHttpHandler.Json(HttpStatusCode.OK, _metadataJson),
        KeysUrl => FakeHttpHandler.Json(HttpStatusCode.OK, publishTeamsKey ? _keysJson : _webChatOnlyKeysJson),
        _ => new HttpResponseMessage(HttpStatusCode.NotFound),
    };

    /// <summary>A valid channel token for <see cref="ServiceUrl"/>, signed by the msteams-endorsed key; tweak to break it.</summary>
    public string CreateToken(Action<SecurityTokenDescriptor>? tweak = null, string keyId = TeamsKeyId, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var now = DateTime.UtcNow;
        var rsa = keyId switch
        {
            TeamsKeyId => _teamsKey,
            WebChatKeyId => _webChatKey,
            _ => _unpublishedKey,
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = AppId,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(59),
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, algorithm),
        };
        tweak?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An HMAC token with the right claims, like the Playground's dummy token.</summary>
    public static string CreateHs256Token()
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("dummy-secret-key-dummy-secret-key!")) { KeyId = TeamsKeyId };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = AppId,
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise perfect claims.</summary>
    public static string CreateUnsignedToken()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode($$"""{"alg":"none","typ":"JWT","kid":"{{TeamsKeyId}}"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"https://api.botframework.com","aud":"{{AppId}}","exp":{{exp}},"serviceurl":"{{ServiceUrl}}"}""");
        return $"{header}.{payload}.";
    }

    private static JsonObject Jwk(RSA rsa, string keyId, params string[] endorsements)
    {
        var p = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
        };
    }
}
