using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Fixtures;

/// <summary>
/// A bare IMAP line exchange for assertions MailKit abstracts away (the exact CAPABILITY text).
/// Only for simple commands whose responses carry no literals.
/// </summary>
internal sealed class RawImap : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;
    private int _tag;

    private RawImap(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public string Greeting { get; private set; } = "";

    public static async Task<RawImap> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, ct);
        var imap = new RawImap(tcp);
        imap.Greeting = await imap._reader.ReadLineAsync(ct) ?? "";
        return imap;
    }

    /// <summary>Sends one command; returns every response line up to and including the tagged one.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(string command, CancellationToken ct)
    {
        var tag = $"t{++_tag}";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{tag} {command}\r\n"), ct);
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                return lines;
        }
        throw new IOException($"The server closed the connection during '{command}'.");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _tcp.Dispose();
    }
}
