using System.Net;
using System.Net.Sockets;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A loopback TCP proxy in front of a server that cuts the first connections once they have carried a given
/// number of bytes from the client: a dropped connection in the middle of an APPEND, as a flaky network or a
/// server restart causes it.
/// </summary>
internal sealed class FlakyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly long _cutAfterBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connectionsToCut;
    private int _cut;

    public FlakyProxy(int upstreamPort, int connectionsToCut, long cutAfterBytes)
    {
        _upstreamPort = upstreamPort;
        _connectionsToCut = connectionsToCut;
        _cutAfterBytes = cutAfterBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections the proxy has cut so far.</summary>
    public int Cut => Volatile.Read(ref _cut);

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

            var cut = Interlocked.Decrement(ref _connectionsToCut) >= 0;
            _ = RelayAsync(client, cut);
        }
    }

    private async Task RelayAsync(TcpClient client, bool cut)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), upstream.GetStream(), cut ? _cutAfterBytes : long.MaxValue, relay.Token);
                var down = PumpAsync(upstream.GetStream(), client.GetStream(), long.MaxValue, relay.Token);
                await Task.WhenAny(up, down);
                if (up.IsCompletedSuccessfully && up.Result)
                    Interlocked.Increment(ref _cut);
                await relay.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <returns>True when the pump stopped because it reached its byte limit.</returns>
    private static async Task<bool> PumpAsync(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                    return false;
                if (total + read > limit)
                {
                    await to.WriteAsync(buffer.AsMemory(0, (int)(limit - total)), cancellationToken);
                    return true;
                }

                total += read;
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
