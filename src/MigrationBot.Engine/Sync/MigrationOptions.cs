using System.Globalization;
using MigrationBot.Engine.Folders;

namespace MigrationBot.Engine.Sync;

/// <summary>What a pass copies and how hard it pushes the servers. Defaults follow Exchange Online's IMAP migration.</summary>
public sealed record MigrationOptions
{
    public const long DefaultMaxMessageSize = 35L * 1024 * 1024;
    public const long LargestMaxMessageSize = 150L * 1024 * 1024;

    /// <summary>Messages larger than this are skipped and reported (Exchange: 35 MB default, 150 MB at most).</summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>Only messages received (INTERNALDATE) at or after this instant are copied, when set.</summary>
    public DateTimeOffset? ReceivedAfter { get; init; }

    /// <summary>Only messages received before this instant are copied, when set.</summary>
    public DateTimeOffset? ReceivedBefore { get; init; }

    /// <summary>What happens on the target to a message deleted on the source since an earlier pass.</summary>
    public SourceDeletions SourceDeletions { get; init; } = SourceDeletions.Keep;

    /// <summary>Which folders are migrated.</summary>
    public FolderFilter Folders { get; init; } = FolderFilter.None;

    /// <summary>Mailboxes copied at once (Exchange: 20 concurrent incremental syncs per endpoint, 100 initial).</summary>
    public int MaxConcurrentMailboxes { get; init; } = 20;

    /// <summary>Target connections that APPEND for one mailbox at once; 0 picks 1 with MULTIAPPEND, 4 without.</summary>
    public int AppendConnectionsPerMailbox { get; init; }

    /// <summary>Most messages in one APPEND batch (one MULTIAPPEND command where the target has it).</summary>
    public int BatchMaxMessages { get; init; } = 250;

    /// <summary>Most bytes in one APPEND batch; a larger message travels alone.</summary>
    public long BatchMaxBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>
    /// Messages of a folder looked at together (flags, ledger entries, new messages), so memory per mailbox stays
    /// bounded however large the folder.
    /// </summary>
    public int WindowMessages { get; init; } = 5000;

    /// <summary>Failed messages a mailbox may have before it is stopped as failed.</summary>
    public int MaxErrorsPerMailbox { get; init; } = 50;

    /// <summary>Reconnects after transient failures in a row (with nothing copied in between) before a mailbox gives up.</summary>
    public int MaxTransientRetries { get; init; } = 6;

    /// <summary>First backoff after a transient failure; doubled each time with jitter, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws with a message naming the setting when the options cannot work.</summary>
    public void Validate()
    {
        if (MaxMessageSize <= 0 || MaxMessageSize > LargestMaxMessageSize)
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "the maximum message size must be between 1 byte and 150 MB");
        if (MaxConcurrentMailboxes is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentMailboxes), MaxConcurrentMailboxes, "concurrent mailboxes must be between 1 and 100");
        if (AppendConnectionsPerMailbox is < 0 or > 16)
            throw new ArgumentOutOfRangeException(nameof(AppendConnectionsPerMailbox), AppendConnectionsPerMailbox, "append connections per mailbox must be between 0 (automatic) and 16");
        if (WindowMessages < 1)
            throw new ArgumentOutOfRangeException(nameof(WindowMessages), WindowMessages, "the window must hold at least one message");
        if (BatchMaxMessages < 1 || BatchMaxBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchMaxMessages), "batch limits must be positive");
        if (ReceivedAfter is { } after && ReceivedBefore is { } before && after >= before)
            throw new ArgumentOutOfRangeException(nameof(ReceivedAfter), "the received-date filter's start must be before its end");
    }

    /// <summary>A digest of the options that decide which messages are copied, stored with each folder's clean state.</summary>
    internal string SelectionKey =>
        string.Create(CultureInfo.InvariantCulture, $"{MaxMessageSize}|{ReceivedAfter?.UtcTicks}|{ReceivedBefore?.UtcTicks}");
}
