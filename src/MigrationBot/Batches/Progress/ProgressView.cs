using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Progress;

/// <summary>Everything the progress card shows, read at one moment.</summary>
/// <param name="Passes">The running passes by mailbox, of this replica and (as they published them) of the others.</param>
/// <param name="MessagesPerSecond">The copy rate of every replica running the batch, or null before there is one.</param>
/// <param name="ThrottledUntil">The target asked to wait until then.</param>
/// <param name="RefreshUserIds">Who gets the card with buttons through Universal Actions' refresh.</param>
public sealed record ProgressView(
    Batch Batch,
    IReadOnlyList<BatchUser> Users,
    IReadOnlyDictionary<string, LivePass> Passes,
    double? MessagesPerSecond,
    DateTimeOffset? ThrottledUntil,
    IReadOnlyList<string> RefreshUserIds);

/// <summary>What the person looking at a card may press.</summary>
public sealed record Viewer(bool CanAdminister, bool CanApprove)
{
    public static Viewer ReadOnly { get; } = new(false, false);
}
