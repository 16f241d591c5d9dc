using Azure.Core;
using Azure.Identity;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Imap;

public sealed class CredentialAccessTokenSourceTests
{
    [Fact]
    public async Task GetToken_AsksForTheExchangeOnlineScope()
    {
        var credential = new FakeCredential(_ => new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1)));

        var token = await new CredentialAccessTokenSource(credential).GetTokenAsync("ann@contoso.com", CancellationToken.None);

        Assert.Equal("token-1", token.Reveal());
        Assert.Equal(["https://outlook.office365.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task GetToken_EntraRefuses_IsAnAuthenticationFailureSayingWhatToCheck()
    {
        var credential = new FakeCredential(_ => throw new AuthenticationFailedException(
            "ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.\nTrace ID: 1234"));

        var failure = await Assert.ThrowsAsync<ImapFailure>(async () =>
            await new CredentialAccessTokenSource(credential).GetTokenAsync("ann@contoso.com", CancellationToken.None));

        Assert.Equal(ImapFailureKind.Authentication, failure.Kind);
        Assert.Equal(
            "could not get an access token for ann@contoso.com from Entra ID (ClientSecretCredential authentication failed: AADSTS7000215: " +
            "Invalid client secret provided.). Check the tenant id, client id and secret, and that the app has the IMAP.AccessAsApp " +
            "permission with admin consent.",
            failure.Message);
    }

    private sealed class FakeCredential(Func<TokenRequestContext, AccessToken> answer) : TokenCredential
    {
        public IReadOnlyList<string> Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return answer(requestContext);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
