using System.Collections.Concurrent;

namespace MigrationBot.BotFramework.Connector;

/// <summary>
/// The service URLs the bot's token may be sent to: those of authenticated activities and stored
/// conversation references. Guards against sending the token to a URL an attacker chose (what the SDKs'
/// <c>TrustServiceUrl</c> did).
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl) => _urls.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string serviceUrl) => _urls.ContainsKey(Normalize(serviceUrl));

    /// <summary>The base URL with exactly one trailing <c>/</c>, as botbuilder's <c>Conversations.cs</c> builds it.</summary>
    public static string Normalize(string serviceUrl) => serviceUrl.Trim().TrimEnd('/') + "/";
}
