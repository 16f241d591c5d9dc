using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MigrationBot.Tests.Imap;

/// <summary>
/// A one-connection IMAP server on loopback that answers from a script: the greeting, then for each command line
/// the client sends, the reply the script gives (tagged with the client's tag). An APPEND's literal is read whole
/// and kept, so a test sees exactly the bytes a client sent.
/// </summary>
internal sealed class ScriptedImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public ScriptedImapServer(string capabilities, Func<string, string> reply, bool acknowledgeLiterals = true)
    {
        _listener.Start();
        _serving = ServeAsync(capabilities, reply, acknowledgeLiterals);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Commands { get; } = [];

    public List<byte[]> Literals { get; } = [];

    private async Task ServeAsync(string capabilities, Func<string, string> reply, bool acknowledgeLiterals)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await WriteAsync(stream, $"* OK [CAPABILITY {capabilities}] scripted\r\n");
        while (await ReadLineAsync(stream) is { } line)
        {
            var tag = line.Split(' ')[0];
            var command = line[(tag.Length + 1)..];
            Commands.Add(command);
            if (command.StartsWith("CAPABILITY", StringComparison.Ordinal))
            {
                await WriteAsync(stream, $"* CAPABILITY {capabilities}\r\n{tag} OK done\r\n");
                continue;
            }

            if (command.EndsWith('}'))
            {
                var open = command.LastIndexOf('{');
                var sync = !command.EndsWith("+}", StringComparison.Ordinal);
                var length = int.Parse(command[(open + 1)..^(sync ? 1 : 2)], System.Globalization.CultureInfo.InvariantCulture);
                var answer = reply(command);
                if (sync && !acknowledgeLiterals)
                {
                    await WriteAsync(stream, $"{tag} {answer}\r\n");
                    continue;
                }

                // A MULTIAPPEND's command goes on after each literal, with the next message's literal.
                for (var more = true; more;)
                {
                    if (sync)
                        await WriteAsync(stream, "+ go ahead\r\n");
                    var literal = new byte[length];
                    await stream.ReadExactlyAsync(literal);
                    Literals.Add(literal);
                    var rest = await ReadLineAsync(stream) ?? "";
                    more = rest.EndsWith('}');
                    if (more)
                    {
                        Commands.Add(rest);
                        var at = rest.LastIndexOf('{');
                        sync = !rest.EndsWith("+}", StringComparison.Ordinal);
                        length = int.Parse(rest[(at + 1)..^(sync ? 1 : 2)], System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                await WriteAsync(stream, $"{tag} {answer}\r\n");
                continue;
            }

            await WriteAsync(stream, $"{tag} {reply(command)}\r\n");
            if (command == "LOGOUT")
                return;
        }
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            line.Add(one[0]);
        }

        return null;
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // The client went away first.
        }
    }
}
