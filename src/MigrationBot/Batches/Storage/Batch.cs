using MigrationBot.Batches.Lifecycle;

namespace MigrationBot.Batches.Storage;

/// <summary>A migration batch as stored: its name (unique among live batches), state, settings and who created it.</summary>
/// <param name="ConversationId">Where the batch was started: its progress card and messages go there.</param>
/// <param name="ProgressActivityId">The progress card's activity, updated in place; null until it is posted.</param>
public sealed record Batch(
    Guid Id,
    string Name,
    BatchState State,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    BatchSettings Settings,
    string? ConversationId,
    string? ProgressActivityId);

/// <summary>One user (mailbox) of a batch, by its target address, with what its passes have done so far.</summary>
/// <param name="UserName">The source login from the CSV (an admin form when the CSV gave one).</param>
public sealed record BatchUser(Guid BatchId, string EmailAddress, UserState State, string? Reason, string UserName, string? UserRoot, UserTotals Totals)
{
    /// <summary>What Microsoft 365 says of the user (from preflight), for notices; empty until known.</summary>
    public UserProfile Profile { get; init; } = UserProfile.Unknown;

    /// <summary>When the user's running pass last made progress; null while no pass holds a slot.</summary>
    public DateTimeOffset? ProgressAt { get; init; }

    /// <summary>The <see cref="ProgressAt"/> of the last stall the IT channel was alerted to; equal to it while that stall lasts.</summary>
    public DateTimeOffset? StallAlertedFor { get; init; }

    /// <summary>The running pass as the replica running it last published it; null while no pass holds a slot.</summary>
    public Progress.PublishedPass? Live { get; init; }
}

/// <summary>The user as Microsoft 365 knows them: Entra object id, name, mailbox time zone and language; each null when unknown.</summary>
public sealed record UserProfile(string? ObjectId, string? DisplayName, string? TimeZone, string? Locale)
{
    public static UserProfile Unknown { get; } = new(null, null, null, null);
}

/// <summary>A user's counts over every pass: what the batch's progress and approval cards show.</summary>
/// <param name="InitialSyncDone">The first full pass finished, so later passes are incremental.</param>
public sealed record UserTotals(int Copied, long Bytes, int Skipped, int Failed, int Passes, DateTimeOffset? LastSyncAt, bool InitialSyncDone)
{
    public static UserTotals None { get; } = new(0, 0, 0, 0, 0, null, false);
}

/// <summary>What one finished pass of a user did, added to its <see cref="UserTotals"/>.</summary>
public sealed record PassTotals(int Copied, long Bytes, int Skipped, int Failed, DateTimeOffset FinishedAt, bool Complete);

/// <summary>
/// One move of a batch or of one of its users (<see cref="EmailAddress"/> set), and who or what caused it:
/// <c>user:&lt;Entra object id&gt;</c> for a person, <c>scheduler</c>, <c>engine</c>.
/// </summary>
public sealed record StateChange(Guid BatchId, string? EmailAddress, string From, string To, string Cause, string? Reason, DateTimeOffset At);

/// <summary>An attempt to act on a batch, allowed or refused: the audit trail of people's requests.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? BatchName, bool Allowed, string? Detail);
