using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Batches.Storage;

/// <summary>
/// Where batches, their users, their encrypted credentials and their history live. One contract, one suite of
/// contract tests (<c>BatchStoreContract</c>), for SQLite (one file, the default) and PostgreSQL (several replicas).
/// Moves are compare-and-set: a move from a state the batch is no longer in does nothing and says so, so a button
/// pressed twice, or by two people at once, acts once. Every move is recorded with its cause, in the same transaction.
/// </summary>
public interface IBatchStore
{
    /// <summary>Creates a batch in <see cref="BatchState.Created"/> with its users <see cref="UserState.Queued"/>.</summary>
    /// <exception cref="BatchNameTakenException">A live batch already has this name (compared without case).</exception>
    Task<Batch> CreateAsync(BatchDraft draft, CancellationToken cancellationToken);

    Task<Batch?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The live batch of that name (compared without case), if any.</summary>
    Task<Batch?> FindLiveAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every live batch, oldest first.</summary>
    Task<IReadOnlyList<Batch>> ListLiveAsync(CancellationToken cancellationToken);

    /// <summary>Moves the batch from <paramref name="from"/> to <paramref name="to"/>; false when it is no longer in <paramref name="from"/>.</summary>
    /// <exception cref="IllegalTransitionException">The batch lifecycle does not allow the move.</exception>
    Task<bool> MoveAsync(Guid id, BatchState from, BatchState to, string cause, CancellationToken cancellationToken);

    /// <summary>Moves one user of the batch; false when the user is no longer in <paramref name="from"/>.</summary>
    /// <exception cref="IllegalTransitionException">The user lifecycle does not allow the move.</exception>
    Task<bool> MoveUserAsync(Guid id, string emailAddress, UserState from, UserState to, string cause, string? reason, CancellationToken cancellationToken);

    Task<IReadOnlyList<BatchUser>> UsersAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Adds one finished pass to the user's totals.</summary>
    Task RecordPassAsync(Guid id, string emailAddress, PassTotals pass, CancellationToken cancellationToken);

    /// <summary>Replaces the batch's settings (e.g. a moved cutover); the name and state are not touched.</summary>
    Task UpdateSettingsAsync(Guid id, BatchSettings settings, CancellationToken cancellationToken);

    /// <summary>
    /// Stamps when the user's running pass last made progress (a pass that got its slot, a message copied, a new folder);
    /// a stamp only moves forward. Null clears it: the pass ended, or the user waits for a slot, so nothing can stall.
    /// </summary>
    Task SetProgressAsync(Guid id, string emailAddress, DateTimeOffset? at, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an existing progress stamp forward to <paramref name="at"/>; never creates one, so progress read from a
    /// pass that has just ended (its stamp cleared) cannot make a user waiting for a slot look stalled later.
    /// </summary>
    Task AdvanceProgressAsync(Guid id, string emailAddress, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes the user's running pass (folder, count, rate of its replica) for every replica's progress card; only while
    /// a pass holds a slot (a progress stamp exists), so a late publish never revives a pass that ended.
    /// <see cref="SetProgressAsync"/> with null clears it.
    /// </summary>
    Task PublishLiveAsync(Guid id, string emailAddress, Progress.PublishedPass live, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the stall which began at <paramref name="progressAt"/> (the user's progress stamp) was alerted; false
    /// when it already was, or the user made progress since: one alert per stall, also after a restart or from two watchers.
    /// </summary>
    Task<bool> MarkStallAlertedAsync(Guid id, string emailAddress, DateTimeOffset progressAt, CancellationToken cancellationToken);

    /// <summary>Records what Microsoft 365 says of a user (preflight), for notices.</summary>
    Task SetProfileAsync(Guid id, string emailAddress, UserProfile profile, CancellationToken cancellationToken);

    /// <summary>Remembers the progress card's activity id, so it is updated in place, also after a restart.</summary>
    Task SetProgressActivityAsync(Guid id, string activityId, CancellationToken cancellationToken);

    /// <summary>The encrypted credentials of one user (null ones were never given or have been purged).</summary>
    Task<StoredSecrets> SecretsAsync(Guid id, string emailAddress, CancellationToken cancellationToken);

    /// <summary>Deletes every stored credential of the batch (completed or removed).</summary>
    Task PurgeSecretsAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every move of the batch and its users, in order: the audit trail.</summary>
    Task<IReadOnlyList<StateChange>> HistoryAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Records a person's request, allowed or refused.</summary>
    Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest audit entries first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditTrailAsync(int limit, CancellationToken cancellationToken);
}
