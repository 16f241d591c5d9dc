using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

/// <summary>Starts one Dovecot instance for a test class and stops it afterwards.</summary>
public abstract class DovecotFixtureBase(DovecotOptions options) : IAsyncLifetime
{
    private DovecotServer? _server;

    public DovecotServer Server => _server ?? throw new InvalidOperationException("The Dovecot fixture has not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _server = await DovecotServer.StartAsync(options, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>A source-like Dovecot: users alice and bob, Maildir++ ('.' separator), full capabilities.</summary>
public sealed class DovecotFixture() : DovecotFixtureBase(Options)
{
    public static readonly DovecotOptions Options = new()
    {
        Users = [new DovecotUser("alice", "alice-pw"), new DovecotUser("bob", "bob-pw")],
    };
}

/// <summary>An Exchange Online-like Dovecot: its capability list, '/' separator, XOAUTH2; users carol and dave.</summary>
public sealed class ExchangeLikeDovecotFixture() : DovecotFixtureBase(Options)
{
    public static readonly DovecotOptions Options =
        DovecotOptions.ExchangeOnlineLike(new DovecotUser("carol", "carol-pw"), new DovecotUser("dave", "dave-pw"));
}
