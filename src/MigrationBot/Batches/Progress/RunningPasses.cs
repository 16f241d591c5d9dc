using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Progress;

/// <summary>
/// A batch's running passes as one replica's card shows them: its own, live, and those other replicas published to the
/// store (while fresh), so the card reads the same whichever replica draws it.
/// </summary>
public static class RunningPasses
{
    /// <summary>A published pass older than this is not shown: its replica stopped publishing (it died, or the pass ended unrecorded).</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    /// <returns>The passes by mailbox, and the rate of every replica together (null when none has one).</returns>
    public static (IReadOnlyDictionary<string, LivePass> Passes, double? MessagesPerSecond) Merge(
        LiveBatch? local, IReadOnlyList<BatchUser> users, string replica, DateTimeOffset now)
    {
        var passes = new Dictionary<string, LivePass>(local?.Passes ?? new Dictionary<string, LivePass>(), StringComparer.OrdinalIgnoreCase);
        var rate = local?.MessagesPerSecond;
        var others = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (user.Live is not { } published || published.Replica == replica || passes.ContainsKey(user.EmailAddress)
                || user.State is not (UserState.Syncing or UserState.IncrementalSyncing or UserState.Completing)
                || now - published.Pass.At > Fresh)
                continue;
            passes[user.EmailAddress] = published.Pass;
            if (published.ReplicaMessagesPerSecond is { } theirs)
                others[published.Replica] = Math.Max(others.GetValueOrDefault(published.Replica), theirs);
        }

        if (others.Count > 0)
            rate = (rate ?? 0) + others.Values.Sum();
        return (passes, rate);
    }
}
