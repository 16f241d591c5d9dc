using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MigrationBot.IntegrationTests.Load;

/// <summary>
/// Plays the Bot Connector's signing key: a locally generated RSA key, published as a JWK with the
/// <c>endorsements</c> Bot Framework adds (the channel ids it may sign for), and tokens signed with it
/// that carry what a Connector token carries (BOTFRAMEWORK.md §1.1.3).
/// </summary>
internal sealed class ChannelSigningKey : IDisposable
{
    public const string Issuer = "https://api.botframework.com";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;

    public ChannelSigningKey(params string[] endorsements)
    {
        Endorsements = endorsements;
        _credentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
    }

    public string KeyId { get; } = $"load-test-{Guid.NewGuid():N}";

    public IReadOnlyList<string> Endorsements { get; }

    /// <summary>The public key as a JWKS document, as <c>jwks_uri</c> serves it.</summary>
    public JsonObject Jwks()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]),
        };
        return new JsonObject { ["keys"] = new JsonArray(key) };
    }

    /// <summary>A channel token for the bot <paramref name="audience"/>, bound to the activity's service URL.</summary>
    public string Sign(string audience, string serviceUrl, DateTime now) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = _credentials,
        });

    public void Dispose() => _rsa.Dispose();
}
