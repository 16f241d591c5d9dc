using MailKit;

namespace MigrationBot.Bench.Corpus;

/// <summary>
/// One generated message: where it goes, its IMAP metadata, and its raw RFC 5322 bytes (CRLF line endings),
/// produced on demand so that a 20 MB message is never held in memory as a whole.
/// </summary>
public sealed class CorpusMessage
{
    private readonly CorpusContent _content;

    internal CorpusMessage(
        CorpusContent content, IReadOnlyList<string> folder, MessageFlags flags, IReadOnlyList<string> keywords, CorpusCases cases)
    {
        _content = content;
        Folder = folder;
        Flags = flags;
        Keywords = keywords;
        Cases = cases;
        Size = CorpusMessageWriter.SizeOf(content);
    }

    /// <summary>The user whose mailbox holds the message (<see cref="CorpusOptions.UserName"/>).</summary>
    public string User => _content.User;

    /// <summary>The message's 1-based number within its user, also in its <c>X-Corpus-Id</c> header.</summary>
    public int Number => _content.Number;

    /// <summary>The folder, as its hierarchy of names: <c>["INBOX"]</c>, <c>["Projects", "2024", "Q1"]</c>.</summary>
    public IReadOnlyList<string> Folder { get; }

    public MessageFlags Flags { get; }

    public IReadOnlyList<string> Keywords { get; }

    public DateTimeOffset InternalDate => _content.Date;

    /// <summary>The Message-ID header value with its angle brackets, or null when the message has none.</summary>
    public string? MessageId => _content.MessageId;

    /// <summary>The tricky cases this message exercises.</summary>
    public CorpusCases Cases { get; }

    /// <summary>The exact length of the raw message in bytes.</summary>
    public long Size { get; }

    /// <summary>A read-only stream that generates the raw message as it is read.</summary>
    public Stream OpenRead() => new CorpusMessageStream(CorpusMessageWriter.Chunks(_content), Size);

    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var source = OpenRead();
        await source.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>The raw message as one array; for small messages and tests.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        var offset = 0;
        foreach (var chunk in CorpusMessageWriter.Chunks(_content))
        {
            chunk.Span.CopyTo(bytes.AsSpan(offset));
            offset += chunk.Length;
        }

        return bytes;
    }

    public override string ToString() => $"{User} #{Number} in {string.Join('/', Folder)} ({Size} bytes)";
}
