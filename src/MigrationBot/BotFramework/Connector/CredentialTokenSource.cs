using Azure.Core;

namespace MigrationBot.BotFramework.Connector;

/// <summary>
/// Gets Connector tokens from an Azure.Identity credential and caches each until five minutes before it
/// expires, so a token is never sent that could expire in flight.
/// </summary>
public sealed class CredentialTokenSource(TokenCredential credential, TimeProvider time) : IBotTokenSource, IDisposable
{
    public const string BotFrameworkScope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private static readonly TokenRequestContext Scope = new([BotFrameworkScope]);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _cached;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_cached))
        {
            return _cached!.Value.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_cached))
            {
                _cached = await credential.GetTokenAsync(Scope, cancellationToken);
            }

            return _cached!.Value.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(AccessToken? token) =>
        token is { } t && time.GetUtcNow() < t.ExpiresOn - RefreshMargin;
}

/// <summary>Unauthenticated local development: no token at all (the Playground's connector accepts that).</summary>
public sealed class AnonymousTokenSource : IBotTokenSource
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
