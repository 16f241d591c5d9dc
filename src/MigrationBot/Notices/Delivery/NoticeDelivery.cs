namespace MigrationBot.Notices.Delivery;

/// <summary>How a notice reached (or failed to reach) its user.</summary>
public enum NoticeChannel
{
    None,
    Teams,
    Email,
}

/// <summary>One notice to one user of one batch, as recorded: sent once, or failed with the reason (and tried again).</summary>
public sealed record NoticeDelivery(Guid BatchId, string EmailAddress, NoticeKind Kind, bool Sent, NoticeChannel Channel, DateTimeOffset At, string? Reason);
