namespace MigrationBot.Engine.Ledger;

/// <summary>
/// What the source folder looked like at the end of the last clean pass. When UIDVALIDITY, UIDNEXT, the message
/// count and HIGHESTMODSEQ (CONDSTORE) are all unchanged, nothing in the folder changed and the pass does no more.
/// </summary>
/// <param name="OptionsKey">A digest of the options that decide what is copied (size limit, date filter); a change forces a full look.</param>
/// <param name="TargetUidValidity">The target folder's UIDVALIDITY when its messages were recorded (0: not recorded). A
/// different one means the target folder was deleted and made again: what the ledger says it holds is gone.</param>
public sealed record FolderState(
    string SourceFolder,
    uint UidValidity,
    uint UidNext,
    ulong HighestModSeq,
    int MessageCount,
    string OptionsKey,
    string TargetFolder,
    uint TargetUidValidity);
