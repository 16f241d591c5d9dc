using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// After a pass: the target folder of a source folder that is gone may be left empty (renamed onto a name the target
/// already had, its copies were moved one by one; deleted, it held nothing or its copies were mirrored away). It is
/// deleted, so the user does not find a stale folder after cutover, but only when nothing would be lost or confused:
/// the target folder holds no message and no subfolder, is no special-use or role folder (nor INBOX), and no folder
/// of the plan maps to it or beneath it. One the target will not delete stays, and the pass goes on.
/// </summary>
internal static class EmptiedTargetFolders
{
    private const FolderAttributes Special = FolderAttributes.Inbox | FolderAttributes.Sent | FolderAttributes.Drafts | FolderAttributes.Trash |
        FolderAttributes.Junk | FolderAttributes.Archive | FolderAttributes.All | FolderAttributes.Flagged;

    /// <returns>The target folders deleted.</returns>
    public static async Task<IReadOnlyList<string>> DeleteAsync(
        ImapClient target, IEnumerable<string> goneTargetFolders, FolderPlan plan, TargetLayout layout, CancellationToken cancellationToken)
    {
        // The target's role folders too, for a target that does not mark them (Exchange Online has no SPECIAL-USE).
        var mapped = plan.Migrated.Select(m => m.TargetName).OfType<string>().Concat(layout.RoleNames.Values).ToList();
        var deleted = new List<string>();
        // Deepest first: a parent emptied of its only subfolder can go too.
        foreach (var name in goneTargetFolders.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length))
        {
            if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
                continue;
            var folder = await FolderDiscovery.FindTargetFolderAsync(target, name, cancellationToken);
            if (folder is null || (folder.Attributes & Special) != 0)
                continue;
            var separator = folder.DirectorySeparator;
            if (mapped.Any(m => m.Equals(name, StringComparison.OrdinalIgnoreCase) || m.StartsWith(name + separator, StringComparison.OrdinalIgnoreCase)))
                continue;
            try
            {
                await folder.StatusAsync(StatusItems.Count, cancellationToken);
                if (folder.Count != 0 || (await folder.GetSubfoldersAsync(false, cancellationToken)).Count != 0)
                    continue;
                await folder.DeleteAsync(cancellationToken);
                deleted.Add(name);
            }
            catch (ImapCommandException)
            {
                // The target keeps it (it refuses to delete, or it went meanwhile): an empty folder is no loss.
            }
            catch (FolderNotFoundException)
            {
            }
        }

        return deleted;
    }
}
