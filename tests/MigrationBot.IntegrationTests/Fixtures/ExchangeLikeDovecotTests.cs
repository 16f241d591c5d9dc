using MailKit.Net.Imap;
using MailKit.Security;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

public sealed class ExchangeLikeDovecotTests(ExchangeLikeDovecotFixture fixture) : IClassFixture<ExchangeLikeDovecotFixture>
{
    private readonly DovecotServer _server = fixture.Server;

    [Fact]
    public async Task XOAuth2_IssuedToken_Authenticates()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.StartTls, cts.Token);

        await client.AuthenticateAsync(new SaslMechanismOAuth2("carol", _server.IssueOAuthToken("carol")), cts.Token);

        Assert.True(client.IsAuthenticated);
        Assert.True(_server.OAuthIntrospectionCount > 0);
    }

    [Fact]
    public async Task XOAuth2_UnknownToken_FailsAuthentication()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(new SaslMechanismOAuth2("carol", "not-a-token"), cts.Token));
    }

    [Fact]
    public async Task XOAuth2_TokenOfAnotherUser_FailsAuthentication()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(new SaslMechanismOAuth2("dave", _server.IssueOAuthToken("carol")), cts.Token));
    }

    [Fact]
    public async Task XOAuth2_RevokedToken_FailsAuthentication()
    {
        using var cts = Deadline();
        var token = _server.IssueOAuthToken("dave");
        _server.RevokeOAuthToken(token);
        using var client = await _server.ConnectAsync(SecureSocketOptions.None, cts.Token);

        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(new SaslMechanismOAuth2("dave", token), cts.Token));
    }

    [Fact]
    public async Task Capability_AfterLogin_IsExactlyExchangeOnlines()
    {
        using var cts = Deadline();
        using var imap = await RawImap.ConnectAsync(_server.Host, _server.ImapPort, cts.Token);
        await imap.SendAsync("LOGIN carol carol-pw", cts.Token);

        var lines = await imap.SendAsync("CAPABILITY", cts.Token);

        Assert.Contains("* CAPABILITY " + DovecotOptions.ExchangeOnlineCapabilityList, lines);
    }

    [Fact]
    public async Task Capability_AfterXOAuth2Login_LacksMultiAppendCondStoreAndSpecialUse()
    {
        using var cts = Deadline();
        using var client = await _server.ConnectAsync(SecureSocketOptions.StartTls, cts.Token);

        await client.AuthenticateAsync(new SaslMechanismOAuth2("carol", _server.IssueOAuthToken("carol")), cts.Token);

        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.MultiAppend));
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.CondStore));
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.SpecialUse));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Move));
    }

    [Fact]
    public async Task Folders_WithSlashSeparator_NestAndKeepSpecialUseMarks()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("dave", cts.Token);

        await mailbox.CreateFolderAsync("Projects/2024/Q1", cts.Token);
        await mailbox.AppendAsync("Projects/2024/Q1", SeedMessage.Text("slash@test", "nested", DateTimeOffset.UtcNow), cts.Token);
        var folders = await mailbox.ListFoldersAsync(cts.Token);

        Assert.Equal('/', mailbox.Client.PersonalNamespaces[0].DirectorySeparator);
        Assert.Equal(1, Assert.Single(folders, f => f.FullName == "Projects/2024/Q1").Count);
        Assert.Contains(folders, f => f.FullName == "Sent" && f.Attributes.HasFlag(MailKit.FolderAttributes.Sent));
        Assert.Contains(folders, f => f.FullName == "Trash" && f.Attributes.HasFlag(MailKit.FolderAttributes.Trash));
    }

    [Fact]
    public async Task Append_WithoutMultiAppend_StillSeedsEveryMessage()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("carol", cts.Token);
        await mailbox.CreateFolderAsync("Single", cts.Token);
        var messages = Enumerable.Range(1, 5).Select(i => SeedMessage.Text($"single-{i}@test", $"n{i}", DateTimeOffset.UtcNow));

        var uids = await mailbox.AppendAsync("Single", messages, cts.Token);

        Assert.Equal(5, uids.Count);
        Assert.Equal(5, (await mailbox.FetchAsync("Single", cts.Token)).Count);
    }

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromMinutes(1));
}
