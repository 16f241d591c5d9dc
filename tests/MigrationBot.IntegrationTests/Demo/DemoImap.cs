using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MigrationBot.IntegrationTests.Demo;

/// <summary>Logs in to a demo server the way the bot is configured to: IMAPS, the self-signed certificate accepted.</summary>
internal static class DemoImap
{
    public static async Task<ImapClient> LoginAsync(DemoFileServer server, string user, string password, CancellationToken ct)
    {
        // The bot runs with AllowInvalidCertificate=true against these servers; the test accepts their certificate the same way.
        var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        try
        {
            await client.ConnectAsync(server.Host, server.ImapsPort, SecureSocketOptions.SslOnConnect, ct);
            await client.AuthenticateAsync(user, password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Every selectable folder of the logged-in mailbox with its message count.</summary>
    public static async Task<IReadOnlyList<(string Name, int Count)>> FoldersAsync(ImapClient client, CancellationToken ct)
    {
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], StatusItems.Count, subscribedOnly: false, ct);
        return folders
            .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !f.Attributes.HasFlag(FolderAttributes.NoSelect))
            .Select(f => (f.FullName, f.Count))
            .ToList();
    }

    /// <summary>True while something accepts connections on the loopback port.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
