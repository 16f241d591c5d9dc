using System.Net.Sockets;

namespace MigrationBot.Engine.Imap;

/// <summary>
/// A connected socket as the stream MailKit reads IMAP from: each receive asks the kernel for up to 64 KB, and the
/// small reads MailKit makes (its parser takes 4 KB at a time) are served from that buffer. Given a bare host and
/// port, MailKit receives 4 KB per system call and allocates a timer, two cancellation sources and a task for
/// each; a full copy spent about a tenth of its CPU there (perf, 2,000 messages of 34 KB on average).
/// </summary>
/// <remarks>
/// Reads and writes each have a timeout (<see cref="ReadTimeout"/>, <see cref="WriteTimeout"/>, which MailKit
/// sets from its client's <c>Timeout</c>): a server silent for that long ends the operation with a
/// <see cref="TimeoutException"/>, as any other lost connection. Writes go to the socket as they come; MailKit
/// gathers a command before it writes.
/// </remarks>
internal sealed class ReadAheadSocketStream(Socket socket) : Stream
{
    private const int BufferSize = 64 * 1024;

    // On the pinned heap: a receive pins its buffer for as long as the server is silent, which in the ordinary heap
    // would hold a 64 KB hole in place through every collection meanwhile.
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
    private int _start;
    private int _end;
    private int _readTimeout = Timeout.Infinite;
    private int _writeTimeout = Timeout.Infinite;
    private Task<int>? _lastRead;

    /// <summary>Connects to <paramref name="host"/> (every address it resolves to, in turn) within <paramref name="timeout"/>.</summary>
    /// <exception cref="SocketException">No address took the connection.</exception>
    /// <exception cref="TimeoutException">None answered within the timeout.</exception>
    public static async Task<ReadAheadSocketStream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(host, port, limit.Token);
            return new ReadAheadSocketStream(socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanTimeout => true;

    public override int ReadTimeout
    {
        get => _readTimeout;
        set => _readTimeout = CheckTimeout(value);
    }

    public override int WriteTimeout
    {
        get => _writeTimeout;
        set => _writeTimeout = CheckTimeout(value);
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end && buffer.Length > 0)
        {
            socket.ReceiveTimeout = _readTimeout == Timeout.Infinite ? 0 : _readTimeout;
            try
            {
                (_start, _end) = (0, socket.Receive(_buffer));
            }
            catch (SocketException ex)
            {
                throw Lost(ex);
            }
        }

        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
        if (!read.IsCompletedSuccessfully)
            return read.AsTask();

        // MailKit reads through this overload; most reads return the size of the one before, so its task is kept.
        var result = read.Result;
        if (_lastRead is not { } last || last.Result != result)
            _lastRead = last = Task.FromResult(result);
        return last;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_start < _end || buffer.Length == 0)
            return new ValueTask<int>(Take(buffer.Span));
        return FillAndTakeAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        socket.SendTimeout = _writeTimeout == Timeout.Infinite ? 0 : _writeTimeout;
        try
        {
            while (!buffer.IsEmpty)
                buffer = buffer[socket.Send(buffer)..];
        }
        catch (SocketException ex)
        {
            throw Lost(ex);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var limit = Limit(_writeTimeout, cancellationToken);
        while (!buffer.IsEmpty)
            buffer = buffer[await WithTimeoutAsync(socket.SendAsync(buffer, SocketFlags.None, limit?.Token ?? cancellationToken), _writeTimeout, cancellationToken)..];
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            socket.Dispose();
        base.Dispose(disposing);
    }

    private async ValueTask<int> FillAndTakeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var limit = Limit(_readTimeout, cancellationToken);
        var received = await WithTimeoutAsync(socket.ReceiveAsync(_buffer, SocketFlags.None, limit?.Token ?? cancellationToken), _readTimeout, cancellationToken);
        (_start, _end) = (0, received);
        return Take(buffer.Span);
    }

    private int Take(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>A source that ends the operation after <paramref name="timeout"/> ms; none when there is no timeout.</summary>
    private static CancellationTokenSource? Limit(int timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.Infinite)
            return null;
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        return limit;
    }

    /// <summary>
    /// Awaits a socket operation. One that times out, is cancelled or fails closes the socket, as MailKit's own
    /// stream does: what the server sent or took of it is unknown, so the connection must not carry another command.
    /// </summary>
    private async ValueTask<int> WithTimeoutAsync(ValueTask<int> operation, int timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await operation;
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new TimeoutException($"the server neither read nor answered for {timeout / 1000} s");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException(ex.Message, ex);
        }
    }

    /// <summary>A blocking call's failure: its timeout as a <see cref="TimeoutException"/>, anything else as the <see cref="IOException"/> a lost connection is.</summary>
    private static Exception Lost(SocketException exception) =>
        exception.SocketErrorCode == SocketError.TimedOut
            ? new TimeoutException("the server neither read nor answered within the timeout", exception)
            : new IOException(exception.Message, exception);

    private static int CheckTimeout(int value)
    {
        if (value <= 0 && value != Timeout.Infinite)
            throw new ArgumentOutOfRangeException(nameof(value), value, "a timeout is a positive number of milliseconds or Timeout.Infinite");
        return value;
    }
}
