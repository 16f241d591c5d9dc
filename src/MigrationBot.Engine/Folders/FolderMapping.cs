namespace MigrationBot.Engine.Folders;

/// <summary>One line of the folder plan: where a source folder goes, or why it does not.</summary>
/// <param name="Source">The source folder.</param>
/// <param name="TargetName">The target folder's full name (target separator), or null when the folder is not migrated.</param>
/// <param name="Note">Why the name changed (role mapping, a character the target cannot hold, a clash), or null.</param>
/// <param name="SkipReason">Why the folder is not migrated, or null when it is.</param>
public sealed record FolderMapping(SourceFolder Source, string? TargetName, string? Note, string? SkipReason)
{
    public bool IsMigrated => SkipReason is null && TargetName is not null;
}
