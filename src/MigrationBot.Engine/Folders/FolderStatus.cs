using MailKit;

namespace MigrationBot.Engine.Folders;

/// <summary>
/// What a source folder's SELECT (or its STATUS) says of its state, the values a pass compares with the ledger's to
/// tell an unchanged folder.
/// </summary>
/// <param name="HighestModSeq">CONDSTORE's HIGHESTMODSEQ (RFC 7162); 0 when the server has no CONDSTORE.</param>
public sealed record FolderStatus(uint UidValidity, uint UidNext, int Count, ulong HighestModSeq)
{
    /// <summary>The status MailKit holds for the folder (from its SELECT, or from a STATUS or LIST-STATUS reply); null without a UIDNEXT.</summary>
    public static FolderStatus? Of(IMailFolder folder) =>
        folder.UidNext is { } next ? new FolderStatus(folder.UidValidity, next.Id, folder.Count, folder.HighestModSeq) : null;
}
