using MailKit.Security;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

public sealed class DovecotLoginTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private readonly DovecotServer _server = fixture.Server;

    [Fact]
    public async Task Login_PlainPasswordAfterStartTls_Authenticates()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.StartTls, cts.Token);

        await client.AuthenticateAsync("alice", "alice-pw", cts.Token);

        Assert.True(client.IsSecure);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Login_PlainPasswordWithoutTls_Authenticates()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await client.AuthenticateAsync("alice", "alice-pw", cts.Token);

        Assert.False(client.IsSecure);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Login_PasswordOverSsl_AcceptsThePinnedSelfSignedCertificate()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.SslOnConnect, cts.Token);

        await client.AuthenticateAsync("bob", "bob-pw", cts.Token);

        Assert.True(client.IsSecure);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Login_WrongPassword_FailsAuthentication()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("alice", "wrong", cts.Token));
    }

    [Fact]
    public async Task Login_MasterUserOnBehalfOfUser_OpensThatUsersMailbox()
    {
        using var cts = Deadline();
        await using (var seed = await _server.OpenMailboxAsync("bob", cts.Token))
            await seed.CreateFolderAsync("MasterProof", cts.Token);
        using var client = await _server.ConnectAsync(SecureSocketOptions.StartTls, cts.Token);

        await client.AuthenticateAsync(_server.MasterLogin("bob"), _server.Options.MasterUser.Password, cts.Token);

        var names = (await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cts.Token)).Select(f => f.FullName);
        Assert.Contains("MasterProof", names);
    }

    [Fact]
    public async Task Login_MasterUserWithWrongPassword_FailsAuthentication()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(_server.MasterLogin("bob"), "wrong", cts.Token));
    }

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromMinutes(1));
}
