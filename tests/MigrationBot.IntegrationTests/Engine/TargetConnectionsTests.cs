using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class TargetConnectionsTests
{
    [Fact]
    public async Task AppendersOpeningTheirConnectionsAtOnce_EachGetTheirOwnLiveConnection()
    {
        // The appenders of a folder all ask for their connection as the copy starts; a shared list once let two of
        // them race, open more connections than asked for, and one got null (a NullReferenceException that failed
        // the mailbox).
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser("alice", "pw-1")] }, cts.Token);
        await using var proxy = new ExchangeOnlineProxy(server.ImapPort);
        var endpoint = new ImapEndpoint(server.Host, proxy.Port, ImapSecurity.None);
        var login = new PasswordLogin("alice", new Secret("pw-1"));
        var main = await ImapSession.OpenAsync(endpoint, login, cts.Token);
        await using var connections = new TargetConnections(endpoint, login, main, appenders: 8);

        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => connections.AppenderAsync(i, cts.Token))));
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => connections.AppenderAsync(i, cts.Token)));

        Assert.Equal(8, clients.Distinct().Count());
        Assert.Equal(clients, again);
        // The main connection and one APPEND connection per appender, each logged in (the proxy counts them).
        Assert.Equal(9, proxy.Connections);
    }
}
