using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

/// <summary>One private PostgreSQL server for a test class; each test creates its own database on it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _server = await PostgresServer.StartAsync(cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
