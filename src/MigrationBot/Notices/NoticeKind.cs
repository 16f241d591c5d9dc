namespace MigrationBot.Notices;

/// <summary>The notices an end user gets around their mailbox's move (DESIGN.md §6), in the order they come.</summary>
public enum NoticeKind
{
    /// <summary>When the batch is created: what will move, what will not, and when.</summary>
    Announcement,
    /// <summary>Before cutover (by default the day before, in the morning of the user's time zone).</summary>
    Reminder,
    /// <summary>When the final sync starts.</summary>
    InProgress,
    /// <summary>When the batch is completed: the mailbox has moved, what to do next.</summary>
    Moved,
    /// <summary>A day after cutover: "Everything there?"</summary>
    CheckIn,
}
