using MailKit;

namespace MigrationBot.Engine.Ledger;

/// <summary>One source message as the ledger knows it.</summary>
/// <param name="Uid">The source UID (under the folder's recorded UIDVALIDITY).</param>
/// <param name="ContentKey">The message's content key (<see cref="Sync.ContentKey"/>), used to find it again.</param>
/// <param name="Size">The source RFC822.SIZE.</param>
/// <param name="TargetFolder">The target folder's full name.</param>
/// <param name="TargetUid">The target UID (APPENDUID), once committed.</param>
/// <param name="TargetMarker">The target folder's UIDNEXT seen before the APPEND: the lowest UID it can have been given.</param>
/// <param name="Flags">The system flags last applied to the target.</param>
/// <param name="Keywords">The keywords last seen on the source (space separated).</param>
/// <param name="KeywordsNotStored">Keywords the target could not store (space separated), or null.</param>
/// <param name="InternalDate">The source INTERNALDATE, to the second (Unix epoch when not recorded).</param>
public sealed record LedgerEntry(
    uint Uid,
    LedgerState State,
    string ContentKey,
    long Size,
    string TargetFolder,
    uint? TargetUid,
    uint TargetMarker,
    MessageFlags Flags,
    string Keywords,
    string? KeywordsNotStored,
    DateTimeOffset InternalDate);
