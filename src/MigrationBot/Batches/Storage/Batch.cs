using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Batches.Storage;

/// <summary>A migration batch as stored: its name (unique among live batches), state and who created it.</summary>
public sealed record Batch(Guid Id, string Name, BatchState State, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One user (mailbox) of a batch, by its target address.</summary>
public sealed record BatchUser(Guid BatchId, string EmailAddress, UserState State, string? Reason);

/// <summary>
/// One move of a batch or of one of its users (<see cref="EmailAddress"/> set), and who or what caused it:
/// <c>user:&lt;Entra object id&gt;</c> for a person, <c>scheduler</c>, <c>engine</c>.
/// </summary>
public sealed record StateChange(Guid BatchId, string? EmailAddress, string From, string To, string Cause, string? Reason, DateTimeOffset At);
