using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Folders;
using MigrationBot.Engine.Ledger;

namespace MigrationBot.Engine.Sync;

/// <summary>
/// Before a pass syncs any folder: a folder the ledger knows that the source no longer lists was renamed or deleted.
/// Renamed: a newly listed folder the ledger knows nothing of has its UIDVALIDITY and at least its UIDNEXT (servers
/// keep both across a RENAME); its target folder is renamed too and the ledger follows, so nothing is copied again.
/// Otherwise its messages are noted as vanished: wherever they reappear their copies are moved there, and what never
/// reappears was deleted (kept on the target, or mirrored).
/// </summary>
internal static class FolderRenames
{
    /// <returns>The folders found gone (not renamed) and how many of their messages vanished with them.</returns>
    public static async Task<List<(string Folder, string TargetFolder, int Vanished)>> ApplyAsync(
        ImapClient source, ImapClient target, MailboxLedger ledger, FolderPlan plan, CancellationToken cancellationToken)
    {
        var listed = plan.Folders.Select(f => f.Source.FullName).ToHashSet(StringComparer.Ordinal);
        var states = await ledger.LoadFolderStatesAsync(cancellationToken);
        var gone = (await ledger.LoadRecordedFoldersAsync(cancellationToken)).Concat(states.Select(s => s.SourceFolder))
            .Where(f => !listed.Contains(f)).Distinct(StringComparer.Ordinal)
            // A parent before its subfolders (a name sorts before every longer name it begins): its RENAME takes them
            // along on the target. A subfolder renamed first would make the parent's new name there, and the old
            // parent, its RENAME then refused, would stay behind.
            .Order(StringComparer.Ordinal).ToList();
        var result = new List<(string, string, int)>();
        if (gone.Count == 0)
            return result;

        var fresh = new List<(FolderMapping Mapping, uint UidValidity, uint UidNext)>();
        foreach (var mapping in plan.Migrated.Where(m => m.Source.CanHoldMessages))
        {
            if (await ledger.KnowsFolderAsync(mapping.Source.FullName, cancellationToken))
                continue;
            if (mapping.Source.Listed is { } status)
            {
                // The listing said it already (LIST-STATUS).
                fresh.Add((mapping, status.UidValidity, status.UidNext));
                continue;
            }

            var folder = await source.GetFolderAsync(mapping.Source.FullName, cancellationToken);
            await folder.StatusAsync(StatusItems.UidValidity | StatusItems.UidNext, cancellationToken);
            fresh.Add((mapping, folder.UidValidity, folder.UidNext?.Id ?? 0));
        }

        var renamed = new TargetRenames();
        foreach (var old in gone)
        {
            var state = states.FirstOrDefault(s => s.SourceFolder == old);
            // Where the folder's copies are now: a parent renamed earlier in this loop took its subfolders along.
            var current = state is null ? "" : renamed.Current(state.TargetFolder);
            var matches = state is null ? [] : fresh.Where(f => f.UidValidity == state.UidValidity && f.UidNext >= state.UidNext).ToList();
            if (state is not null && matches.Count == 1 && await RenameTargetAsync(target, current, matches[0].Mapping.TargetName!, renamed, cancellationToken))
            {
                await ledger.RenameFolderAsync(old, matches[0].Mapping.Source.FullName, state.TargetFolder, matches[0].Mapping.TargetName!, cancellationToken);
                fresh.Remove(matches[0]);
                continue;
            }

            // Gone for good: its copies are looked for (to move, or to mirror a deletion) where they are now.
            if (state is not null && current != state.TargetFolder)
                await ledger.RenameFolderAsync(old, old, state.TargetFolder, current, cancellationToken);
            result.Add((old, state is null ? "" : current, await ledger.MarkFolderVanishedAsync(old, cancellationToken)));
        }

        return result;
    }

    /// <summary>The target RENAMEs made in this pass, each of which took the folder's subfolders along.</summary>
    private sealed class TargetRenames
    {
        private readonly List<(string From, string To, char Separator)> _done = [];

        public void Add(string from, string to, char separator) => _done.Add((from, to, separator));

        /// <summary>The target name a folder has now, after the renames of its parents.</summary>
        public string Current(string targetFolder)
        {
            foreach (var (from, to, separator) in _done)
            {
                if (targetFolder.StartsWith(from + separator, StringComparison.Ordinal))
                    targetFolder = to + targetFolder[from.Length..];
            }

            return targetFolder;
        }
    }

    /// <summary>Renames the target folder (IMAP RENAME takes its subfolders along); true when the new name holds it now.</summary>
    private static async Task<bool> RenameTargetAsync(ImapClient target, string oldName, string newName, TargetRenames renamed, CancellationToken cancellationToken)
    {
        if (oldName == newName)
            return true;
        var existing = await FolderDiscovery.FindTargetFolderAsync(target, newName, cancellationToken);
        var old = await FolderDiscovery.FindTargetFolderAsync(target, oldName, cancellationToken);
        if (old is null)
            return existing is not null; // A parent's RENAME already took it along.
        if (existing is not null)
            return false; // Both exist: the messages are moved one by one instead.
        var separator = old.DirectorySeparator;
        var cut = newName.LastIndexOf(separator);
        var parent = cut < 0
            ? target.GetFolder(target.PersonalNamespaces[0])
            : await FolderDiscovery.EnsureTargetFolderAsync(target, newName[..cut], cancellationToken);
        try
        {
            await old.RenameAsync(parent, cut < 0 ? newName : newName[(cut + 1)..], cancellationToken);
            renamed.Add(oldName, newName, separator);
            return true;
        }
        catch (ImapCommandException)
        {
            // The target refused the name: the folder is made by the folder pass and the messages moved into it.
            return false;
        }
    }
}
