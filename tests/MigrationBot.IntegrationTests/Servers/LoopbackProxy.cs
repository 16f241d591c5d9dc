using System.Net;
using System.Net.Sockets;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A TCP proxy on a free loopback port in front of a server's port: it accepts connections, opens one to the
/// server for each, and hands both streams to <see cref="RelayAsync"/>. A connection ends when the relay returns
/// or either side goes away; disposing the proxy ends them all.
/// </summary>
public abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    protected LoopbackProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many client connections the proxy has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Carries one connection's traffic; <paramref name="connection"/> is its 1-based number.</summary>
    protected abstract Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client, Interlocked.Increment(ref _connections));
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                await RelayAsync(connection, client.GetStream(), upstream.GetStream(), relay.Token);
                await relay.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
