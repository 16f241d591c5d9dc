namespace MigrationBot.Engine.Folders;

/// <summary>A folder as the source server lists it, with its path already split on the server's separator.</summary>
/// <param name="FullName">The server's name for the folder (decoded from modified UTF-7), used to open it.</param>
/// <param name="Path">The folder's path below the personal namespace (and below UserRoot), one segment per level.</param>
/// <param name="Role">The role its special-use attribute or its name gives it.</param>
/// <param name="CanHoldMessages">False for <c>\Noselect</c>/<c>\NonExistent</c> folders, which only hold children.</param>
/// <param name="Listed">
/// Its status as the listing gave it, where the server says every folder's status in its LIST reply (LIST-STATUS,
/// RFC 5819) and has CONDSTORE; null otherwise (the folder's SELECT says it).
/// </param>
public sealed record SourceFolder(string FullName, IReadOnlyList<string> Path, WellKnownFolder Role, bool CanHoldMessages = true, FolderStatus? Listed = null)
{
    /// <summary>The path as Exchange's folder filters write it: segments joined with <c>/</c>.</summary>
    public string DisplayPath => string.Join('/', Path);
}
