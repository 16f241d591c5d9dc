using System.Collections.Concurrent;
using MimeKit;
using MimeKit.IO;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Wraps a message's raw bytes in the <see cref="MimeMessage"/> MailKit's APPEND needs without changing a byte:
/// only the header block is parsed; the body is a <see cref="RawBody"/>. A message that would not come out exactly
/// as it came in gets none: MimeKit always writes a header block and the empty line after it, and its parser
/// refuses some first lines outright (an mbox <c>From </c> line, a byte-order mark).
/// </summary>
internal static class RawMessage
{
    /// <summary>
    /// The message of the bytes in <paramref name="content"/> (seekable, exactly one message, still owned by the
    /// caller), or null when MimeKit cannot write them back unchanged.
    /// </summary>
    public static MimeMessage? TryWrap(Stream content)
    {
        // The bytes are already in memory: a synchronous parse of the header block costs no more than a copy.
        content.Position = 0;
        HeaderList headers;
        long bodyOffset;
        var parser = Parsers.TryTake(out var pooled) ? pooled : new MimeParser(Stream.Null, MimeFormat.Entity);
        try
        {
            parser.SetStream(content, MimeFormat.Entity, persistent: true);
            headers = parser.ParseHeaders();
            bodyOffset = parser.Position;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // MimeKit cannot read a header block here; the bytes still travel, verbatim.
            return null;
        }
        finally
        {
            // A parser holds a 4 KB buffer; reusing it was a tenth of the bytes the engine allocated per message.
            parser.SetStream(Stream.Null, MimeFormat.Entity);
            if (Parsers.Count < MaxPooledParsers)
                Parsers.Add(parser);
        }

        // This constructor takes the parsed headers as they are: no Date, Message-Id or MIME-Version of its own.
        var message = new MimeMessage(headers) { Body = new RawBody(content, bodyOffset) };
        if (WrittenLength(message) == content.Length)
            return message;
        message.Body = null;
        return null;
    }

    private const int MaxPooledParsers = 16;

    private static readonly ConcurrentBag<MimeParser> Parsers = [];

    private static long WrittenLength(MimeMessage message)
    {
        using var measure = new MeasuringStream();
        message.WriteTo(AppendFormat, measure);
        return measure.Length;
    }

    // The format MailKit's APPEND writes with: CRLF line endings.
    private static readonly FormatOptions AppendFormat = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
