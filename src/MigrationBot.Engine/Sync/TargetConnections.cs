using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Imap.Verbatim;

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

    /// <summary>
    /// APPENDs bytes MailKit cannot write unchanged, through one extra connection of this mailbox opened on first use
    /// (rare messages, so the appenders take turns on it). Returns the APPENDUID.
    /// </summary>
    public async Task<uint?> AppendVerbatimAsync(
        string folder, MessageFlags flags, IEnumerable<string> keywords, DateTimeOffset internalDate, Stream content, CancellationToken cancellationToken)
    {
        await _verbatimGate.WaitAsync(cancellationToken);
        try
        {
            _verbatim ??= await VerbatimAppendConnection.OpenAsync(endpoint, login, cancellationToken);
            return await _verbatim.AppendAsync(folder, flags, keywords, internalDate, content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ImapProtocolException or OperationCanceledException)
        {
            // The connection's state is unknown after this: the next message opens a new one.
            if (_verbatim is not null)
                await _verbatim.DisposeAsync();
            _verbatim = null;
            throw;
        }
        finally
        {
            _verbatimGate.Release();
        }
    }

    /// <summary>
    /// Where the target has no MULTIAPPEND (Exchange Online): the APPEND-only connection of appender
    /// <paramref name="index"/>, opened on first use, which pipelines a batch's APPENDs (LITERAL+) and writes every
    /// message's bytes exactly. Each appender asks only for its own index.
    /// </summary>
    public async Task<VerbatimAppendConnection> PipelineAsync(int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, appenders);
        return _pipelines[index] ??= await VerbatimAppendConnection.OpenAsync(endpoint, login, cancellationToken);
    }

    /// <summary>Drops appender <paramref name="index"/>'s pipeline after a failure; the next batch opens a new one.</summary>
    public async Task DropPipelineAsync(int index)
    {
        if (Interlocked.Exchange(ref _pipelines[index], null) is { } broken)
            await broken.DisposeAsync();
    }

    private readonly VerbatimAppendConnection?[] _pipelines = new VerbatimAppendConnection?[appenders];
    private readonly SemaphoreSlim _verbatimGate = new(1, 1);
    private VerbatimAppendConnection? _verbatim;

    public async ValueTask DisposeAsync()
    {
        if (_verbatim is not null)
            await _verbatim.DisposeAsync();
        foreach (var pipeline in _pipelines.OfType<VerbatimAppendConnection>())
            await pipeline.DisposeAsync();
        _verbatimGate.Dispose();
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
