using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// A plain-IMAP loopback proxy that passes every byte through unchanged and counts the commands clients send, by
/// verb (<c>UID FETCH</c> counts as <c>FETCH</c>), so a test can say how many round trips a pass cost. It reads the
/// client's side as lines: a literal's bytes (an APPEND's message) are lines too, so count passes that send none.
/// It can also refuse chosen commands itself, as a server that offers an extension and then fails it would: those
/// are answered <c>BAD</c> and never reach the server.
/// </summary>
/// <param name="refuse">Given a command line, whether the proxy answers it <c>BAD</c> instead of passing it on.</param>
public sealed class CommandCountingProxy(int upstreamPort, Func<string, bool>? refuse = null) : LoopbackProxy(upstreamPort)
{
    private readonly Func<string, bool> _refuse = refuse ?? (_ => false);
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
        var toClient = new SemaphoreSlim(1, 1);
        var down = DownAsync(server, client, toClient, cancellationToken);
        var up = UpAsync(client, server, toClient, cancellationToken);
        await Task.WhenAny(up, down);
    }

    private static async Task DownAsync(NetworkStream server, NetworkStream client, SemaphoreSlim toClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await server.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await toClient.WaitAsync(cancellationToken);
            try
            {
                await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            finally
            {
                toClient.Release();
            }
        }
    }

    /// <summary>Passes the client's bytes on a whole line at a time (each exactly as sent), counting commands and answering refused ones.</summary>
    private async Task UpAsync(NetworkStream client, NetworkStream server, SemaphoreSlim toClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var line = new List<byte>();
        int read;
        while ((read = await client.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                line.Add(buffer[i]);
                if (buffer[i] != (byte)'\n')
                    continue;
                var bytes = line.ToArray();
                line.Clear();
                var text = Encoding.Latin1.GetString(bytes).TrimEnd('\r', '\n');
                Record(text);
                if (!_refuse(text))
                {
                    await server.WriteAsync(bytes, cancellationToken);
                    continue;
                }

                await toClient.WaitAsync(cancellationToken);
                try
                {
                    await client.WriteAsync(Encoding.ASCII.GetBytes($"{text.Split(' ')[0]} BAD Command refused by the test proxy\r\n"), cancellationToken);
                }
                finally
                {
                    toClient.Release();
                }
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
