using System.Net.Sockets;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>Which way a fault hits: what the client sends (an APPEND's literal), or what the server answers (a FETCH's).</summary>
internal enum FaultDirection
{
    ClientToServer,
    ServerToClient,
}

/// <summary>What happens once the bytes are through: the connection is cut, or it stays open and carries nothing more.</summary>
internal enum FaultKind
{
    Cut,
    Stall,
}

/// <summary>
/// A loopback TCP proxy in front of an IMAP server that breaks its first connections the way networks and hung
/// servers do: after a given number of bytes in one direction, it cuts the connection, or stalls it (holds it open
/// and forwards nothing more, so only the client's read timeout ends it). Later connections pass untouched.
/// </summary>
internal sealed class FaultProxy(int upstreamPort, int connectionsToBreak, FaultDirection direction, long afterBytes, FaultKind kind) : LoopbackProxy(upstreamPort)
{
    private int _broken;

    /// <summary>How many connections reached their fault.</summary>
    public int Broken => Volatile.Read(ref _broken);

    protected override async Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var faulty = connection <= connectionsToBreak;
        var upLimit = faulty && direction == FaultDirection.ClientToServer ? afterBytes : long.MaxValue;
        var downLimit = faulty && direction == FaultDirection.ServerToClient ? afterBytes : long.MaxValue;
        var up = PumpAsync(client, server, upLimit, cancellationToken);
        var down = PumpAsync(server, client, downLimit, cancellationToken);
        var first = await Task.WhenAny(up, down);
        if (first.IsCompletedSuccessfully && first.Result)
        {
            Interlocked.Increment(ref _broken);
            if (kind == FaultKind.Stall)
            {
                // Hold the connection: the other direction keeps flowing, this one carries nothing, until the client gives up.
                await Task.WhenAny(first == up ? down : up, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
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
}
