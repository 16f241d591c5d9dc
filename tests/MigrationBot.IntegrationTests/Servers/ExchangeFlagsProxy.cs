using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A plain-IMAP loopback proxy in front of a Dovecot that turns every <c>PERMANENTFLAGS</c> response code into
/// Exchange Online's: <c>(\Seen \Answered \Flagged \Deleted \Draft $MDNSent)</c>, without <c>\*</c>, so the
/// client may not create keywords. Dovecot has no setting for that. Literals (message bodies) pass untouched:
/// the proxy reads the server's responses line by line and copies each <c>{n}</c> literal's bytes verbatim.
/// </summary>
public sealed partial class ExchangeFlagsProxy : IAsyncDisposable
{
    public const string ExchangePermanentFlags = @"\Seen \Answered \Flagged \Deleted \Draft $MDNSent";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _rewritten;

    public ExchangeFlagsProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many PERMANENTFLAGS responses were rewritten (so a test can tell the proxy was in the path).</summary>
    public int Rewritten => Volatile.Read(ref _rewritten);

    [GeneratedRegex(@"^(\* OK \[PERMANENTFLAGS \()[^)]*(\)\].*)$", RegexOptions.Singleline)]
    private static partial Regex PermanentFlags();

    [GeneratedRegex(@"\{(\d+)\+?\}\r\n$")]
    private static partial Regex LiteralAtEnd();

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

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = client.GetStream().CopyToAsync(upstream.GetStream(), relay.Token);
                var down = RewriteResponsesAsync(upstream.GetStream(), client.GetStream(), relay.Token);
                await Task.WhenAny(up, down);
                await relay.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task RewriteResponsesAsync(Stream server, Stream client, CancellationToken cancellationToken)
    {
        var input = new ResponseReader(server);
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var text = Encoding.Latin1.GetString(line);
                var flags = PermanentFlags().Match(text);
                if (flags.Success)
                {
                    line = Encoding.Latin1.GetBytes(flags.Groups[1].Value + ExchangePermanentFlags + flags.Groups[2].Value);
                    Interlocked.Increment(ref _rewritten);
                }

                await client.WriteAsync(line, cancellationToken);
                if (LiteralAtEnd().Match(text) is { Success: true } literal &&
                    !await input.CopyAsync(long.Parse(literal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), client, cancellationToken))
                    return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>Reads a server's responses as CRLF lines and literal bytes.</summary>
    private sealed class ResponseReader(Stream stream)
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
