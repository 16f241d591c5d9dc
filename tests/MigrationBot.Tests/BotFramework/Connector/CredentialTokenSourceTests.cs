using Azure.Core;
using Microsoft.Extensions.Time.Testing;
using MigrationBot.BotFramework.Connector;

namespace MigrationBot.Tests.BotFramework.Connector;

public sealed class CredentialTokenSourceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AToken_IsCachedWhileItHasMoreThanFiveMinutesLeft()
    {
        var credential = new CountingCredential(_time, TimeSpan.FromHours(1));
        using var source = new CredentialTokenSource(credential, _time);

        var first = await source.GetTokenAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(54));
        var second = await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", first);
        Assert.Equal("token-1", second);
        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task AnInvalidatedToken_IsNotServedAgain_EvenWithTimeLeft()
    {
        var credential = new CountingCredential(_time, TimeSpan.FromHours(1));
        using var source = new CredentialTokenSource(credential, _time);

        await source.GetTokenAsync(CancellationToken.None);
        ((IBotTokenSource)source).Invalidate();
        var renewed = await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-2", renewed);
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task AToken_IsRefreshedFiveMinutesBeforeItExpires()
    {
        var credential = new CountingCredential(_time, TimeSpan.FromHours(1));
        using var source = new CredentialTokenSource(credential, _time);

        await source.GetTokenAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(55));
        var refreshed = await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-2", refreshed);
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task TheTokenIsAskedForTheBotFrameworkScope()
    {
        var credential = new CountingCredential(_time, TimeSpan.FromHours(1));
        using var source = new CredentialTokenSource(credential, _time);

        await source.GetTokenAsync(CancellationToken.None);

        Assert.Equal(["https://api.botframework.com/.default"], credential.LastScopes);
    }

    private sealed class CountingCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
    {
        public int Calls { get; private set; }
        public string[] LastScopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The bot only asks asynchronously.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            LastScopes = requestContext.Scopes;
            return ValueTask.FromResult(new AccessToken($"token-{Calls}", time.GetUtcNow() + lifetime));
        }
    }
}
