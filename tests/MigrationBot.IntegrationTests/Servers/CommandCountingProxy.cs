using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A plain-IMAP loopback proxy that passes every byte through unchanged and counts the commands clients send, by
/// verb (<c>UID FETCH</c> counts as <c>FETCH</c>), so a test can say how many round trips a pass cost. It reads the
/// client's side as lines: a literal's bytes (an APPEND's message) are lines too, so count passes that send none.
/// </summary>
public sealed class CommandCountingProxy(int upstreamPort) : LoopbackProxy(upstreamPort)
{
    private readonly ConcurrentDictionary<string, int> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>How many commands with this verb (<c>SELECT</c>, <c>EXAMINE</c>, <c>STATUS</c>, ...) clients sent.</summary>
    public int Count(string verb) => _commands.GetValueOrDefault(verb);

    /// <summary>Every command line clients sent, in order (credentials included: a test's own).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Forgets what was counted so far.</summary>
    public void Reset()
    {
        _commands.Clear();
        _lines.Clear();
    }

    protected override async Task RelayAsync(int connection, NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var down = server.CopyToAsync(client, cancellationToken);
        var up = UpAsync(client, server, cancellationToken);
        await Task.WhenAny(up, down);
    }

    private async Task UpAsync(NetworkStream client, NetworkStream server, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var line = new List<byte>();
        int read;
        while ((read = await client.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await server.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.Add(buffer[i]);
                    continue;
                }

                Record(Encoding.Latin1.GetString([.. line]).TrimEnd('\r'));
                line.Clear();
            }
        }
    }

    private void Record(string line)
    {
        var words = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
            return;
        var verb = words[1].Equals("UID", StringComparison.OrdinalIgnoreCase) && words.Length > 2 ? words[2] : words[1];
        _commands.AddOrUpdate(verb, 1, (_, n) => n + 1);
        _lines.Enqueue(line);
    }
}
