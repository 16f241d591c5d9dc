using MimeKit;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// One fetched message: the bytes exactly as the source returned them, whatever they are (an mbox <c>From </c> line,
/// a byte-order mark, NUL bytes, no header block, 0 bytes), and, when it can, the <see cref="MimeMessage"/> that
/// MailKit's APPEND writes as exactly those bytes. A message MimeKit cannot reproduce has none and is appended
/// through <see cref="Imap.Verbatim.VerbatimAppendConnection"/>; nothing about a message's bytes can fail its copy.
/// </summary>
internal sealed class SourceMessage : IDisposable
{
    private readonly Stream _content;

    /// <summary>Takes a seekable stream holding exactly one message; this owns (and disposes) it.</summary>
    public SourceMessage(Stream content)
    {
        _content = content;
        ForMailKit = RawMessage.TryWrap(content);
    }

    /// <summary>The message's bytes; rewind before reading.</summary>
    public Stream Content => _content;

    public long Length => _content.Length;

    /// <summary>A message MailKit's APPEND writes as exactly <see cref="Content"/>, or null when none can.</summary>
    public MimeMessage? ForMailKit { get; }

    public void Dispose()
    {
        ForMailKit?.Dispose();
        _content.Dispose();
    }
}
