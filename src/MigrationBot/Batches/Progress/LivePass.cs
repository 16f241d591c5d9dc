namespace MigrationBot.Batches.Progress;

/// <summary>
/// A running pass: its current folder and how far it is (<paramref name="Copied"/> of <paramref name="ToCopy"/> in
/// that folder), what it waits for when it waits (throttled), and what it has copied so far in all its folders.
/// </summary>
/// <param name="PassCopied">Messages the pass has copied so far, every folder counted (0 from a replica that did not say).</param>
/// <param name="PassBytes">Their bytes.</param>
public sealed record LivePass(string Folder, int Copied, int ToCopy, string? Status, DateTimeOffset At, int PassCopied = 0, long PassBytes = 0);

/// <summary>
/// A running pass as its replica last published it to the store, with that replica's copy rate, so the progress card
/// drawn by any replica shows every running pass of the batch.
/// </summary>
/// <param name="Replica">Who runs the pass (machine and process).</param>
/// <param name="ReplicaMessagesPerSecond">That replica's rate over all its passes, when it had one.</param>
public sealed record PublishedPass(LivePass Pass, string Replica, double? ReplicaMessagesPerSecond);
