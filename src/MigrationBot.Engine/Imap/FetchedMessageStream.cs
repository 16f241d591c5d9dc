namespace MigrationBot.Engine.Imap;

/// <summary>
/// The stream MailKit FETCHes a message into (see <see cref="PooledImapFolder"/>). MailKit disposes it as soon as
/// its callback returns; <see cref="TakeContent"/> lets the callback keep the bytes instead of copying them out.
/// </summary>
internal sealed class FetchedMessageStream(Stream content) : Stream
{
    private Stream? _content = content;

    private Stream Content => _content ?? throw new ObjectDisposedException(nameof(FetchedMessageStream), "its content was taken or disposed");

    /// <summary>Hands the bytes over: the caller owns (and disposes) the returned stream; this one becomes empty.</summary>
    public Stream TakeContent()
    {
        var content = Content;
        _content = null;
        content.Position = 0;
        return content;
    }

    public override bool CanRead => _content?.CanRead ?? false;

    public override bool CanSeek => _content?.CanSeek ?? false;

    public override bool CanWrite => _content?.CanWrite ?? false;

    public override long Length => Content.Length;

    public override long Position
    {
        get => Content.Position;
        set => Content.Position = value;
    }

    public override void Flush() => Content.Flush();

    public override int Read(byte[] buffer, int offset, int count) => Content.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Content.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Content.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => Content.Seek(offset, origin);

    public override void SetLength(long value) => Content.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => Content.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => Content.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Content.WriteAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Interlocked.Exchange(ref _content, null)?.Dispose();
        base.Dispose(disposing);
    }
}
