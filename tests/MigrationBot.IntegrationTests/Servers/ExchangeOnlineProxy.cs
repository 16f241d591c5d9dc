using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A plain-IMAP loopback proxy in front of an Exchange-like Dovecot that plays the two parts of Exchange Online
/// Dovecot has no setting for:
/// <list type="bullet">
/// <item>its PERMANENTFLAGS, <c>(\Seen \Answered \Flagged \Deleted \Draft $MDNSent)</c> without <c>\*</c>, so a
/// client may not create keywords;</item>
/// <item>its throttling: chosen APPENDs are answered <c>NO Request is throttled. Suggested Backoff Time: N
/// milliseconds</c> by the proxy itself and never reach the server, as Exchange Online refuses them.</item>
/// </list>
/// It can also hold back each APPEND's completion for a while, as a far server's round trip would, and counts
/// how many APPENDs were outstanding at once across all connections.
/// Literals (message bodies) pass untouched: both directions are read as lines, and each <c>{n}</c> literal's
/// bytes are copied verbatim.
/// </summary>
public sealed partial class ExchangeOnlineProxy : LoopbackProxy
{
    public const string ExchangePermanentFlags = @"\Seen \Answered \Flagged \Deleted \Draft $MDNSent";

    private readonly Func<int, bool> _throttleAppend;
    private readonly int _backoffMilliseconds;
    private readonly TimeSpan _appendLatency;
    private readonly bool _byeAfterThrottle;
    private readonly bool _rewritePermanentFlags;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _pendingAppends = new(StringComparer.Ordinal);
    private int _rewritten;
    private int _appends;
    private int _throttled;
    private int _outstanding;
    private int _maxOutstanding;

    /// <param name="upstreamPort">The Dovecot's plain IMAP port.</param>
    /// <param name="throttleAppend">Given the 1-based number of an APPEND across all connections, whether to refuse it.</param>
    /// <param name="backoffMilliseconds">The backoff the throttling response suggests.</param>
    /// <param name="appendLatency">How long each APPEND's tagged response is held back.</param>
    /// <param name="byeAfterThrottle">After a throttling answer, say <c>* BYE</c> and close the connection, as Exchange Online does under load.</param>
    /// <param name="rewritePermanentFlags">Answer Exchange's PERMANENTFLAGS (no keywords); off, the server's own pass through.</param>
    public ExchangeOnlineProxy(
        int upstreamPort, Func<int, bool>? throttleAppend = null, int backoffMilliseconds = 100, TimeSpan appendLatency = default, bool byeAfterThrottle = false,
        bool rewritePermanentFlags = true)
        : base(upstreamPort)
    {
        _rewritePermanentFlags = rewritePermanentFlags;
        _throttleAppend = throttleAppend ?? (_ => false);
        _backoffMilliseconds = backoffMilliseconds;
        _appendLatency = appendLatency;
        _byeAfterThrottle = byeAfterThrottle;
    }

    /// <summary>How many PERMANENTFLAGS responses were rewritten (so a test can tell the proxy was in the path).</summary>
    public int Rewritten => Volatile.Read(ref _rewritten);

    /// <summary>How many APPENDs the proxy refused as throttled.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>The most APPENDs that were sent to the server and not yet answered at one time.</summary>
    public int MaxOutstandingAppends => Volatile.Read(ref _maxOutstanding);

    [GeneratedRegex(@"^(\* OK \[PERMANENTFLAGS \()[^)]*(\)\].*)$", RegexOptions.Singleline)]
    private static partial Regex PermanentFlags();

    [GeneratedRegex(@"\{(\d+)(\+?)\}\r\n$")]
    private static partial Regex LiteralAtEnd();

    [GeneratedRegex(@"^(\S+) APPEND ", RegexOptions.IgnoreCase)]
    private static partial Regex AppendCommand();

    protected override async Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var toClient = new SemaphoreSlim(1, 1);
        var up = CommandsAsync(client, server, toClient, cancellationToken);
        var down = ResponsesAsync(server, client, toClient, cancellationToken);
        await Task.WhenAny(up, down);
    }

    private async Task CommandsAsync(Stream client, Stream server, SemaphoreSlim toClient, CancellationToken cancellationToken)
    {
        var input = new LineReader(client);
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var text = Encoding.Latin1.GetString(line);
                if (AppendCommand().Match(text) is { Success: true } append && _throttleAppend(Interlocked.Increment(ref _appends)))
                {
                    // Swallow the whole command (its message literals included) and refuse it, as Exchange Online does.
                    while (LiteralAtEnd().Match(text) is { Success: true } literal)
                    {
                        if (literal.Groups[2].Value != "+")
                            throw new InvalidOperationException("the throttling proxy handles only LITERAL+ APPENDs, as MailKit sends them to Exchange Online");
                        if (!await input.CopyAsync(long.Parse(literal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Stream.Null, cancellationToken) ||
                            await input.ReadLineAsync(cancellationToken) is not { } rest)
                            return;
                        text = Encoding.Latin1.GetString(rest);
                    }

                    Interlocked.Increment(ref _throttled);
                    await WriteAsync(client, toClient, Encoding.Latin1.GetBytes(
                        $"{append.Groups[1].Value} NO Request is throttled. Suggested Backoff Time: {_backoffMilliseconds} milliseconds\r\n"), cancellationToken);
                    if (_byeAfterThrottle)
                    {
                        await WriteAsync(client, toClient, "* BYE Connection is closed. 13\r\n"u8.ToArray(), cancellationToken);
                        return;
                    }

                    continue;
                }

                if (AppendCommand().Match(text) is { Success: true } forwarded)
                {
                    _pendingAppends[forwarded.Groups[1].Value] = true;
                    var now = Interlocked.Increment(ref _outstanding);
                    int max;
                    while (now > (max = Volatile.Read(ref _maxOutstanding)) && Interlocked.CompareExchange(ref _maxOutstanding, now, max) != max)
                    {
                    }
                }

                await server.WriteAsync(line, cancellationToken);
                if (!await CopyLiteralAsync(input, text, server, cancellationToken))
                    return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    private async Task ResponsesAsync(Stream server, Stream client, SemaphoreSlim toClient, CancellationToken cancellationToken)
    {
        var input = new LineReader(server);
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var text = Encoding.Latin1.GetString(line);
                var flags = PermanentFlags().Match(text);
                if (flags.Success && _rewritePermanentFlags)
                {
                    line = Encoding.Latin1.GetBytes(flags.Groups[1].Value + ExchangePermanentFlags + flags.Groups[2].Value);
                    Interlocked.Increment(ref _rewritten);
                }

                if (text.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space && _pendingAppends.TryRemove(text[..space], out _))
                {
                    // The APPEND's completion: hold it back like a distant server's round trip would.
                    if (_appendLatency > TimeSpan.Zero)
                        await Task.Delay(_appendLatency, cancellationToken);
                    Interlocked.Decrement(ref _outstanding);
                }

                await toClient.WaitAsync(cancellationToken);
                try
                {
                    await client.WriteAsync(line, cancellationToken);
                    if (!await CopyLiteralAsync(input, text, client, cancellationToken))
                        return;
                }
                finally
                {
                    toClient.Release();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    private static async Task WriteAsync(Stream to, SemaphoreSlim gate, byte[] bytes, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await to.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <returns>False when the stream ended inside the literal.</returns>
    private static async Task<bool> CopyLiteralAsync(LineReader input, string line, Stream to, CancellationToken cancellationToken) =>
        LiteralAtEnd().Match(line) is not { Success: true } literal ||
        await input.CopyAsync(long.Parse(literal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), to, cancellationToken);

    /// <summary>Reads an IMAP stream as CRLF lines and literal bytes.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        /// <summary>The next line, LF included; null at the end of the stream.</summary>
        public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                    return line.Length == 0 ? null : line.ToArray();
                var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var take = lf < 0 ? _end - _start : lf - _start + 1;
                line.Write(_buffer, _start, take);
                _start += take;
                if (lf >= 0)
                    return line.ToArray();
            }
        }

        /// <summary>Copies the next <paramref name="count"/> bytes verbatim; false when the stream ended first.</summary>
        public async Task<bool> CopyAsync(long count, Stream to, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                    return false;
                var take = (int)Math.Min(count, _end - _start);
                await to.WriteAsync(_buffer.AsMemory(_start, take), cancellationToken);
                _start += take;
                count -= take;
            }

            return true;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}
