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
    /// <summary>Copies <paramref name="source"/> into a chunked buffer (no large-object-heap array) and loads it.</summary>
    public static async Task<MimeMessage> CopyAndLoadAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new MemoryBlockStream();
        try
        {
            await source.CopyToAsync(buffer, cancellationToken);
            return await LoadAsync(buffer, cancellationToken);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a seekable stream holding exactly one message; the message owns the stream from then on.</summary>
    public static async Task<MimeMessage> LoadAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var parser = new MimeParser(content, MimeFormat.Entity, persistent: true);
        var headers = await parser.ParseHeadersAsync(cancellationToken);
        var message = new MimeMessage();
        message.Headers.Clear();
        foreach (var header in headers)
            message.Headers.Add(header);
        message.Body = new RawBody(content, parser.Position);

        if (WrittenLength(message) == content.Length)
            return message;

        // Not reproducible from its headers plus its body (no separator line, a malformed header block): parse it whole.
        message.Body = null;
        content.Position = 0;
        return await MimeMessage.LoadAsync(content, persistent: true, cancellationToken);
    }

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
