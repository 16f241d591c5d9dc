namespace MigrationBot.Bench.Peers;

/// <summary>A copier measured beside MigrationBot: it copies one mailbox per process; run again, it is the incremental pass.</summary>
internal interface IPeer
{
    /// <summary>How the peer's rows are labelled.</summary>
    string Name { get; }

    /// <summary>The command that copies <paramref name="mailbox"/> from source to target (files it needs are written now, off the clock).</summary>
    PeerCommand Prepare(PeerMailbox mailbox);
}

/// <summary>A program and its arguments, and the environment it needs on top of the benchmark's.</summary>
internal sealed record PeerCommand(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
