using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Imap;

public sealed class ReadAheadSocketStreamTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_InSmallPiecesOfWhatTheServerSent_GivesEveryByteInOrder()
    {
        var sent = new byte[300_000];
        new Random(7).NextBytes(sent);
        await using var pair = await LoopbackPair.StartAsync();
        var sending = pair.Server.SendAsync(sent);

        var received = new MemoryStream();
        var piece = new byte[4096 + 3];
        while (received.Length < sent.Length)
        {
            // Both overloads, as MailKit (byte[]) and SslStream (Memory) read.
            var count = received.Length % 2 == 0
                ? await pair.Client.ReadAsync(piece, 0, piece.Length)
                : await pair.Client.ReadAsync(piece.AsMemory());
            Assert.True(count > 0, "the stream ended before the server's bytes did");
            received.Write(piece, 0, count);
        }

        await sending;
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task ReadAsync_AfterASingleReceive_ServesTheRestFromTheBufferWithoutWaiting()
    {
        await using var pair = await LoopbackPair.StartAsync();
        await pair.Server.SendAsync(new byte[8192]);
        var first = new byte[16];
        await ReadExactlyAsync(pair.Client, first);

        // Everything the server sent is in the buffer by now: the next read completes at once, without the socket.
        var next = pair.Client.ReadAsync(new byte[1024].AsMemory());

        Assert.True(next.IsCompletedSuccessfully, "a read the buffer can serve must not wait for the socket");
        Assert.Equal(1024, await next);
    }

    [Fact]
    public async Task ReadAsync_WhenTheServerCloses_ReturnsZero()
    {
        await using var pair = await LoopbackPair.StartAsync();
        await pair.Server.SendAsync("* BYE\r\n"u8.ToArray());
        pair.Server.Shutdown(SocketShutdown.Send);
        var greeting = new byte[7];
        await ReadExactlyAsync(pair.Client, greeting);

        Assert.Equal(0, await pair.Client.ReadAsync(new byte[16].AsMemory()));
    }

    [Fact]
    public async Task ReadAsync_FromAServerSilentForLongerThanTheReadTimeout_ThrowsTimeoutExceptionAfterAboutThatLong()
    {
        await using var pair = await LoopbackPair.StartAsync();
        pair.Client.ReadTimeout = 300;
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => pair.Client.ReadAsync(new byte[16], 0, 16));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), Generous);
    }

    [Fact]
    public async Task ReadAsync_ThatTimedOut_HasClosedTheConnection_SoTheServerSeesItEnd()
    {
        await using var pair = await LoopbackPair.StartAsync();
        pair.Client.ReadTimeout = 200;
        await Assert.ThrowsAsync<TimeoutException>(() => pair.Client.ReadAsync(new byte[16], 0, 16));

        using var wait = new CancellationTokenSource(Generous);
        var received = await pair.Server.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None, wait.Token);

        Assert.Equal(0, received);
    }

    [Fact]
    public async Task ReadAsync_CancelledByTheCaller_ThrowsOperationCanceledRatherThanTimeout()
    {
        await using var pair = await LoopbackPair.StartAsync();
        pair.Client.ReadTimeout = 60_000;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Client.ReadAsync(new byte[16], 0, 16, cancel.Token));

        Assert.IsNotType<TimeoutException>(thrown);
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_CarryACommandAndItsAnswerBothWays()
    {
        await using var pair = await LoopbackPair.StartAsync();

        await pair.Client.WriteAsync("A1 NOOP\r\n"u8.ToArray());
        await pair.Client.FlushAsync();
        var command = new byte[9];
        await pair.Server.ReceiveAsync(command.AsMemory(), SocketFlags.None);
        await pair.Server.SendAsync("A1 OK done\r\n"u8.ToArray());
        var answer = new byte[12];
        await ReadExactlyAsync(pair.Client, answer);

        Assert.Equal("A1 NOOP\r\n"u8.ToArray(), command);
        Assert.Equal("A1 OK done\r\n"u8.ToArray(), answer);
    }

    [Fact]
    public async Task ConnectAsync_ToAPortNobodyListensOn_ThrowsSocketException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAsync<SocketException>(() => ReadAheadSocketStream.ConnectAsync("127.0.0.1", port, Generous, CancellationToken.None));
    }

    [Fact]
    public void ReadTimeout_ZeroOrNegativeOtherThanInfinite_IsRefused()
    {
        using var stream = new ReadAheadSocketStream(new Socket(SocketType.Stream, ProtocolType.Tcp));

        Assert.Throws<ArgumentOutOfRangeException>(() => stream.ReadTimeout = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.WriteTimeout = -2);
        stream.ReadTimeout = Timeout.Infinite;
        Assert.Equal(Timeout.Infinite, stream.ReadTimeout);
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] into)
    {
        var read = 0;
        while (read < into.Length)
        {
            var count = await stream.ReadAsync(into.AsMemory(read));
            Assert.True(count > 0, "the stream ended early");
            read += count;
        }
    }

    /// <summary>A <see cref="ReadAheadSocketStream"/> connected to a socket the test plays the server on.</summary>
    private sealed class LoopbackPair : IAsyncDisposable
    {
        private LoopbackPair(ReadAheadSocketStream client, Socket server) => (Client, Server) = (client, server);

        public ReadAheadSocketStream Client { get; }

        public Socket Server { get; }

        public static async Task<LoopbackPair> StartAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var accepting = listener.AcceptSocketAsync();
            var client = await ReadAheadSocketStream.ConnectAsync("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port, Generous, CancellationToken.None);
            return new LoopbackPair(client, await accepting);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Server.Dispose();
        }
    }
}
