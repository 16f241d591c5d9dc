using MigrationBot.Batches.Lifecycle;
using MigrationBot.Batches.Storage;

namespace MigrationBot.Batches.Alerts;

/// <summary>A user whose running pass made no progress since <see cref="Since"/>.</summary>
/// <param name="AlreadyAlerted">The IT channel was told of this stall (the same <see cref="Since"/>) before.</param>
public sealed record Stall(string EmailAddress, DateTimeOffset Since, bool AlreadyAlerted);

/// <summary>
/// Which users of a batch are stalled: in a running state (initial, incremental or final sync) with a pass that holds its
/// slot (a progress stamp) and made no progress for <c>stallAfter</c> or longer. A user waiting for a slot has no stamp
/// and is not stalled: a batch of 500 users with 10 at a time waits for hours, rightly.
/// </summary>
public static class StallDetector
{
    public static IReadOnlyList<Stall> Find(IEnumerable<BatchUser> users, DateTimeOffset now, TimeSpan stallAfter) =>
    [
        .. users
            .Where(u => u.State is UserState.Syncing or UserState.IncrementalSyncing or UserState.Completing)
            .Where(u => u.ProgressAt is { } at && now - at >= stallAfter)
            .Select(u => new Stall(u.EmailAddress, u.ProgressAt!.Value, u.StallAlertedFor == u.ProgressAt))
            .OrderBy(s => s.EmailAddress, StringComparer.Ordinal),
    ];
}
