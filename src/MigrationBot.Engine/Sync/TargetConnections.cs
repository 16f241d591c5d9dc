using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Imap.Verbatim;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// The target connections of one mailbox: the main one, through MailKit (folders, flags, moves, recovery), and the
/// APPEND connections, the engine's own (<see cref="VerbatimAppendConnection"/>), which write every message's bytes
/// exactly and send a batch at once. Opened on first use and reused for every folder.
/// </summary>
internal sealed class TargetConnections(ImapEndpoint endpoint, ImapLogin login, ImapClient main, int appenders) : IAsyncDisposable
{
    // One slot per appender, each filled only by its own appender: appenders open their connections at the same
    // time, so they must never share a growing list.
    private readonly VerbatimAppendConnection?[] _appenders = new VerbatimAppendConnection?[appenders];

    public ImapClient Main => main;

    public bool HasMultiAppend => (main.Capabilities & ImapCapabilities.MultiAppend) != 0;

    /// <summary>How many connections APPEND for this mailbox.</summary>
    public int AppenderCount => appenders;

    /// <summary>
    /// The APPEND connection of appender <paramref name="index"/>, opened on first use. Each appender asks only for
    /// its own index, so concurrent calls never touch the same slot.
    /// </summary>
    public async Task<VerbatimAppendConnection> AppenderAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, appenders);
        return _appenders[index] ??= await VerbatimAppendConnection.OpenAsync(endpoint, login, cancellationToken);
    }

    /// <summary>Drops appender <paramref name="index"/>'s connection after a failure; its next batch opens a new one.</summary>
    public async Task DropAppenderAsync(int index)
    {
        if (Interlocked.Exchange(ref _appenders[index], null) is { } broken)
            await broken.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var appender in _appenders.OfType<VerbatimAppendConnection>())
            await appender.DisposeAsync();
        try
        {
            if (main.IsConnected)
                await main.DisconnectAsync(true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ImapProtocolException or MailKit.ServiceNotConnectedException or ImapCommandException)
        {
            // The connection is being thrown away; a failed LOGOUT changes nothing.
        }

        main.Dispose();
    }
}
