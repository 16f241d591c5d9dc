using System.Text;

namespace MigrationBot.Engine.Imap.Verbatim;

/// <summary>
/// Reads IMAP response lines (RFC 3501 §7) from a connection: one line at a time, with the literals an untagged
/// response may carry read past and left out, so a caller sees each response as one line of text.
/// </summary>
internal sealed class ImapResponseReader(Stream stream)
{
    // A response line of more than this (without its literals) is not one a server sends in answer to APPEND.
    private const int MaxLine = 64 * 1024;

    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    /// <summary>The next response, literals left out; throws <see cref="IOException"/> when the connection ends.</summary>
    public async Task<string> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            text.Append(line);
            if (!TryLiteralLength(line, out var length))
                return text.ToString();
            await SkipAsync(length, cancellationToken);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
                await FillAsync(cancellationToken);
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = newline < 0 ? _end : newline;
            line.AddRange(_buffer.AsSpan(_start, stop - _start).ToArray());
            _start = newline < 0 ? _end : newline + 1;
            if (line.Count > MaxLine)
                throw new MailKit.Net.Imap.ImapProtocolException($"the server sent a response line of more than {MaxLine} bytes");
            if (newline >= 0)
            {
                if (line.Count > 0 && line[^1] == '\r')
                    line.RemoveAt(line.Count - 1);
                // Response text is ASCII or UTF-8; anything else is shown as replacement characters.
                return Encoding.UTF8.GetString(line.ToArray());
            }
        }
    }

    private async Task SkipAsync(long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_start == _end)
                await FillAsync(cancellationToken);
            var take = (int)Math.Min(length, _end - _start);
            _start += take;
            length -= take;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0)
            throw new IOException("the server closed the connection");
    }

    /// <summary>True when the line ends with a literal's length, <c>{n}</c> (RFC 3501 §4.3).</summary>
    private static bool TryLiteralLength(string line, out long length)
    {
        length = 0;
        if (!line.EndsWith('}'))
            return false;
        var open = line.LastIndexOf('{');
        return open >= 0 && long.TryParse(line.AsSpan(open + 1, line.Length - open - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length);
    }
}
