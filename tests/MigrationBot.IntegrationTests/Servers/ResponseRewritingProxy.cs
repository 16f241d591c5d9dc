using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A loopback proxy that passes every byte through, except that in the server's answers it replaces one byte string
/// with another of the same length (so no literal's announced size changes): a way to make a Dovecot say what
/// another server says, such as an INTERNALDATE from before 1969 (Dovecot keeps one only until its index cache
/// wraps it to 2101). A match split across two reads is still found: a read that ends in the first bytes of one
/// holds them back for the next.
/// </summary>
public sealed class ResponseRewritingProxy : LoopbackProxy
{
    private readonly byte[] _find;
    private readonly byte[] _replace;
    private int _replaced;

    public ResponseRewritingProxy(int upstreamPort, string find, string replace)
        : base(upstreamPort)
    {
        _find = Encoding.ASCII.GetBytes(find);
        _replace = Encoding.ASCII.GetBytes(replace);
        if (_find.Length != _replace.Length || _find.Length == 0)
            throw new ArgumentException("The replacement must be as long as what it replaces, and not empty.", nameof(replace));
    }

    /// <summary>How many times the server's answers held the string (so a test can tell the proxy was in the path).</summary>
    public int Replaced => Volatile.Read(ref _replaced);

    protected override async Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var up = client.CopyToAsync(server, cancellationToken);
        var down = RewriteAsync(server, client, cancellationToken);
        await Task.WhenAny(up, down);
    }

    private async Task RewriteAsync(NetworkStream server, NetworkStream client, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var held = 0; // bytes at the start of the buffer kept back from the last read
        int read;
        while ((read = await server.ReadAsync(buffer.AsMemory(held), cancellationToken)) > 0)
        {
            var length = held + read;
            var span = buffer.AsSpan(0, length);
            for (var at = span.IndexOf(_find); at >= 0; at = NextMatch(span, at))
            {
                _replace.CopyTo(span[at..]);
                Interlocked.Increment(ref _replaced);
            }

            // Only what could be the start of a match cut short by the end of this read waits for the next one: an
            // answer that ends in CRLF is passed on whole, as the client waits for it.
            var keep = HeldBack(span);
            await client.WriteAsync(buffer.AsMemory(0, length - keep), cancellationToken);
            buffer.AsSpan(length - keep, keep).CopyTo(buffer);
            held = keep;
        }

        await client.WriteAsync(buffer.AsMemory(0, held), cancellationToken);
    }

    /// <summary>The length of the longest end of <paramref name="span"/> that begins the string looked for.</summary>
    private int HeldBack(Span<byte> span)
    {
        for (var keep = Math.Min(_find.Length - 1, span.Length); keep > 0; keep--)
        {
            if (span[^keep..].SequenceEqual(_find.AsSpan(0, keep)))
                return keep;
        }

        return 0;
    }

    private int NextMatch(Span<byte> span, int previous)
    {
        var next = span[(previous + _find.Length)..].IndexOf(_find);
        return next < 0 ? -1 : previous + _find.Length + next;
    }
}
