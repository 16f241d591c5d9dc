using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// The target connections of one mailbox: the main one (folder creation, flag updates, recovery) and the extra
/// ones that APPEND in parallel where the target has no MULTIAPPEND. Opened on first use and reused for every folder.
/// </summary>
internal sealed class TargetConnections(ImapEndpoint endpoint, ImapLogin login, ImapClient main, int appenders) : IAsyncDisposable
{
    // One slot per extra appender, each filled only by its own appender: appenders open their connections at the
    // same time, so they must never share a growing list.
    private readonly ImapClient?[] _extra = new ImapClient?[Math.Max(appenders - 1, 0)];

    public ImapClient Main => main;

    public bool HasMultiAppend => (main.Capabilities & ImapCapabilities.MultiAppend) != 0;

    /// <summary>How many connections APPEND for this mailbox.</summary>
    public int AppenderCount => appenders;

    /// <summary>
    /// The connection for appender <paramref name="index"/> (0 is the main connection), opened on first use. Each
    /// appender asks only for its own index, so concurrent calls never touch the same slot.
    /// </summary>
    public async Task<ImapClient> AppenderAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, appenders);
        if (index == 0)
            return main;
        return _extra[index - 1] ??= await ImapSession.OpenAsync(endpoint, login, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _extra.OfType<ImapClient>().Prepend(main))
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
