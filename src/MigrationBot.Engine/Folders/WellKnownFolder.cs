namespace MigrationBot.Engine.Folders;

/// <summary>The folders Exchange names in its folder filters (<c>#Inbox#</c>, <c>#SentItems#</c>, …) and maps by role.</summary>
public enum WellKnownFolder
{
    None,
    Inbox,
    SentItems,
    Drafts,
    DeletedItems,
    JunkEmail,
    Archive,
    /// <summary>A virtual folder holding copies of other folders' messages (Gmail <c>\All</c>, <c>\Flagged</c>, <c>\Important</c>): not migrated.</summary>
    Virtual,
}
