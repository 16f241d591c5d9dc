using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// The target connections of one mailbox: the main one (folder creation, flag updates, recovery) and the extra
/// ones that APPEND in parallel where the target has no MULTIAPPEND. Opened on first use and reused for every folder.
/// </summary>
internal sealed class TargetConnections(ImapEndpoint endpoint, ImapLogin login, ImapClient main, int appenders) : IAsyncDisposable
{
    private readonly List<ImapClient> _extra = [];

    public ImapClient Main => main;

    public bool HasMultiAppend => (main.Capabilities & ImapCapabilities.MultiAppend) != 0;

    /// <summary>How many connections APPEND for this mailbox.</summary>
    public int AppenderCount => appenders;

    /// <summary>The connection for appender <paramref name="index"/> (0 is the main connection).</summary>
    public async Task<ImapClient> AppenderAsync(int index, CancellationToken cancellationToken)
    {
        if (index == 0)
            return main;
        while (_extra.Count < index)
            _extra.Add(await ImapSession.OpenAsync(endpoint, login, cancellationToken));
        return _extra[index - 1];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _extra.Prepend(main))
        {
            try
            {
                if (client.IsConnected)
                    await client.DisconnectAsync(true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or MailKit.Net.Imap.ImapProtocolException or MailKit.ServiceNotConnectedException or ImapCommandException)
            {
                // The connection is being thrown away; a failed LOGOUT changes nothing.
            }

            client.Dispose();
        }
    }
}
