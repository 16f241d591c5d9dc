namespace MigrationBot.Engine.Sync;

/// <summary>
/// One fetched message: the bytes exactly as the source returned them, whatever they are (an mbox <c>From </c> line,
/// a byte-order mark, NUL bytes, no header block, 0 bytes). Nothing parses them: the APPEND connections
/// (<see cref="Imap.Verbatim.VerbatimAppendConnection"/>) write them as they are, so no message's bytes can fail its copy.
/// </summary>
internal sealed class SourceMessage(Stream content) : IDisposable
{
    /// <summary>The message's bytes (seekable); rewind before reading.</summary>
    public Stream Content => content;

    public long Length => content.Length;

    public void Dispose() => content.Dispose();
}
