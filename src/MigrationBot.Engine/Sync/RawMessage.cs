using System.Collections.Concurrent;
using MigrationBot.Engine.Imap;
using MimeKit;
using MimeKit.IO;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Turns a message's raw bytes into the <see cref="MimeMessage"/> MailKit's APPEND needs without changing a byte:
/// only the header block is parsed; the body is a <see cref="RawBody"/>. A message that would not come out exactly
/// as it came in (no blank line after its headers, say) is parsed in full instead, which MimeKit also writes back
/// unchanged for well-formed input.
/// </summary>
internal static class RawMessage
{
    /// <summary>Copies <paramref name="source"/> into a pooled buffer (no large-object-heap array) and loads it.</summary>
    public static async Task<MimeMessage> CopyAndLoadAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = MessageBuffers.Rent(source.CanSeek ? source.Length : 0);
        try
        {
            await source.CopyToAsync(buffer, cancellationToken);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }

        return await LoadAsync(buffer, cancellationToken);
    }

    /// <summary>
    /// Loads a seekable stream holding exactly one message. The stream is the message's from then on, and is
    /// disposed here if loading fails.
    /// </summary>
    public static async Task<MimeMessage> LoadAsync(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadOwnedAsync(content, cancellationToken);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }
    }

    private static async Task<MimeMessage> LoadOwnedAsync(Stream content, CancellationToken cancellationToken)
    {
        // The bytes are already in memory: a synchronous parse of the header block costs no more than a copy.
        content.Position = 0;
        HeaderList headers;
        long bodyOffset;
        var parser = Parsers.TryTake(out var pooled) ? pooled : new MimeParser(Stream.Null, MimeFormat.Entity);
        try
        {
            parser.SetStream(content, MimeFormat.Entity, persistent: true);
            headers = parser.ParseHeaders(cancellationToken);
            bodyOffset = parser.Position;
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

        // Not reproducible from its headers plus its body (no separator line, a malformed header block): parse it
        // whole. Rare, so the parsed message gets its own copy and the pooled buffer goes back at once.
        message.Body = null;
        content.Position = 0;
        await using (content)
            return await MimeMessage.LoadAsync(content, persistent: false, cancellationToken);
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
