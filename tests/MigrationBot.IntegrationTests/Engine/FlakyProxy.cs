using System.Net.Sockets;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A loopback TCP proxy in front of a server that cuts the first connections once they have carried a given
/// number of bytes from the client: a dropped connection in the middle of an APPEND, as a flaky network or a
/// server restart causes it.
/// </summary>
internal sealed class FlakyProxy(int upstreamPort, int connectionsToCut, long cutAfterBytes) : LoopbackProxy(upstreamPort)
{
    private int _cut;

    /// <summary>How many connections the proxy has cut so far.</summary>
    public int Cut => Volatile.Read(ref _cut);

    protected override async Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var up = PumpAsync(client, server, connection <= connectionsToCut ? cutAfterBytes : long.MaxValue, cancellationToken);
        var down = PumpAsync(server, client, long.MaxValue, cancellationToken);
        await Task.WhenAny(up, down);
        if (up.IsCompletedSuccessfully && up.Result)
            Interlocked.Increment(ref _cut);
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
}
