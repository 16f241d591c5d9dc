using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

/// <summary>One Dovecot instance shared by a test class: users alice and bob, Maildir++ ('.' separator).</summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    public static readonly DovecotOptions DefaultOptions = new()
    {
        Users = [new DovecotUser("alice", "alice-pw"), new DovecotUser("bob", "bob-pw")],
    };

    private DovecotServer? _server;

    public DovecotServer Server => _server ?? throw new InvalidOperationException("The Dovecot fixture has not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _server = await DovecotServer.StartAsync(DefaultOptions, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
