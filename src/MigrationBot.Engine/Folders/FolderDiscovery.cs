using MailKit;
using MailKit.Net.Imap;


namespace MigrationBot.Engine.Folders;

/// <summary>Reads the folder trees of the source and the target over IMAP.</summary>
public static class FolderDiscovery
{
    /// <summary>
    /// Lists the source's folders below its personal namespace (and below <paramref name="userRoot"/> when given),
    /// with each folder's path split on the server's separator and its role decided.
    /// </summary>
    public static async Task<IReadOnlyList<SourceFolder>> ListSourceAsync(ImapClient client, string? userRoot, CancellationToken cancellationToken)
    {
        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
        // Where the listing can say each folder's state (LIST-STATUS) and that state includes CONDSTORE's HIGHESTMODSEQ,
        // the same one command tells an unchanged folder, which is then never opened. Elsewhere MailKit would ask a
        // STATUS per folder for these items, so none are asked.
        var status = client.Capabilities.HasFlag(ImapCapabilities.ListStatus) && client.Capabilities.HasFlag(ImapCapabilities.CondStore)
            ? StatusItems.UidValidity | StatusItems.UidNext | StatusItems.Count | StatusItems.HighestModSeq
            : StatusItems.None;
        var (folders, listed) = await ListAsync(client, ns, status, cancellationToken);
        var result = new List<SourceFolder>();
        var root = string.IsNullOrEmpty(userRoot) ? null : userRoot.TrimEnd(ns.DirectorySeparator);
        var sawInbox = false;

        foreach (var folder in folders.Append(client.Inbox).DistinctBy(f => f.FullName))
        {
            var name = folder.FullName;
            var separator = folder.DirectorySeparator == '\0' ? ns.DirectorySeparator : folder.DirectorySeparator;
            if (root is not null)
            {
                if (name.Equals(root, StringComparison.Ordinal))
                    name = "INBOX";
                else if (name.StartsWith(root + separator, StringComparison.Ordinal))
                    name = name[(root.Length + 1)..];
                else
                    continue;
            }
            else if (ns.Path.Length > 0 && name.StartsWith(ns.Path, StringComparison.Ordinal) && name.Length > ns.Path.Length)
            {
                // A namespace prefix such as Courier's "INBOX." is not part of the user's folder names.
                name = name[ns.Path.Length..];
            }

            var path = separator == '\0' ? [name] : name.Split(separator);
            var canHold = (folder.Attributes & (FolderAttributes.NoSelect | FolderAttributes.NonExistent)) == 0;
            var role = FolderRoles.From(folder.Attributes, path);
            if (role == WellKnownFolder.Inbox)
            {
                if (sawInbox)
                    role = WellKnownFolder.None;
                sawInbox = true;
            }

            var state = listed && canHold && FolderStatus.Of(folder) is { HighestModSeq: > 0 } known ? known : null;
            result.Add(new SourceFolder(folder.FullName, path, role, canHold, state));
        }

        return result;
    }

    /// <summary>Reads the target's separator and the names of its role folders (falling back to Exchange's names).</summary>
    public static async Task<TargetLayout> ReadTargetAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
        // With LIST-STATUS the same listing says each folder's UIDVALIDITY, which a pass checks before trusting the ledger.
        var (folders, listStatus) = await ListAsync(
            client, ns, client.Capabilities.HasFlag(ImapCapabilities.ListStatus) ? StatusItems.UidValidity : StatusItems.None, cancellationToken);
        var roles = new Dictionary<WellKnownFolder, string>(TargetLayout.ExchangeRoleNames);
        var validities = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (listStatus && folder.UidValidity != 0)
                validities[folder.FullName] = folder.UidValidity;
            var path = folder.FullName.Split(folder.DirectorySeparator == '\0' ? ns.DirectorySeparator : folder.DirectorySeparator);
            var role = FolderRoles.From(folder.Attributes, path);
            if (role is not WellKnownFolder.None and not WellKnownFolder.Virtual && (folder.Attributes & SpecialUse) != 0)
                roles[role] = folder.FullName;
        }

        roles[WellKnownFolder.Inbox] = client.Inbox.FullName;
        return new TargetLayout(ns.DirectorySeparator, roles) { ListedUidValidities = validities };
    }

    /// <summary>
    /// Every folder of the namespace, with <paramref name="status"/> in the same LIST where asked. A server that offers
    /// LIST-STATUS and then refuses it is listed again without: the folders' SELECT and STATUS say the same, slower.
    /// </summary>
    /// <returns>The folders, and whether their status came with them.</returns>
    private static async Task<(IList<IMailFolder> Folders, bool WithStatus)> ListAsync(ImapClient client, FolderNamespace ns, StatusItems status, CancellationToken cancellationToken)
    {
        if (status != StatusItems.None)
        {
            try
            {
                return (await client.GetFoldersAsync(ns, status, subscribedOnly: false, cancellationToken), true);
            }
            catch (ImapCommandException refused) when (!Imap.ImapFailureClassifier.IsBusy(refused.ResponseText))
            {
            }
        }

        return (await client.GetFoldersAsync(ns, StatusItems.None, subscribedOnly: false, cancellationToken), false);
    }

    /// <summary>Opens the target folder, creating it (and its parents) when missing.</summary>
    public static async Task<IMailFolder> EnsureTargetFolderAsync(ImapClient client, string fullName, CancellationToken cancellationToken)
    {
        if (fullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
            return client.Inbox;
        if (await TryGetAsync(client, fullName, cancellationToken) is { } existing)
            return existing;

        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
        var segments = fullName.Split(ns.DirectorySeparator);
        var current = client.GetFolder(ns);
        for (var i = 0; i < segments.Length; i++)
        {
            var parentName = i == 0 ? null : current.FullName;
            try
            {
                current = await GetOrCreateChildAsync(client, current, parentName, segments[i], ns.DirectorySeparator, cancellationToken);
            }
            catch (ImapCommandException refused) when (!Imap.ImapFailureClassifier.IsBusy(refused.ResponseText))
            {
                // The target refuses the name itself (Dovecot: a leading '~'; Exchange: some characters): map it, don't drop it.
                var fallback = FolderPlanner.Conservative(segments[i]);
                try
                {
                    current = await GetOrCreateChildAsync(client, current, parentName, fallback, ns.DirectorySeparator, cancellationToken);
                }
                catch (ImapCommandException again) when (!Imap.ImapFailureClassifier.IsBusy(again.ResponseText))
                {
                    throw new Imap.ImapFailure(
                        Imap.ImapFailureKind.PerItem, $"the target refused folder '{fullName}' ({refused.ResponseText}) and '{fallback}' in its place ({again.ResponseText})", again);
                }
            }
        }

        return current;
    }

    /// <summary>
    /// The target folder holding the mail planned for <paramref name="fullName"/>: that folder when it exists, else
    /// the one <see cref="EnsureTargetFolderAsync"/> created in its place, with each segment the target refused at
    /// CREATE under its <see cref="FolderPlanner.Conservative"/> name; null when there is neither. Creates nothing.
    /// </summary>
    public static async Task<IMailFolder?> FindTargetFolderAsync(ImapClient client, string fullName, CancellationToken cancellationToken)
    {
        if (fullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
            return client.Inbox;
        if (await TryGetAsync(client, fullName, cancellationToken) is { } planned)
            return planned;

        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
        IMailFolder? current = null;
        foreach (var segment in fullName.Split(ns.DirectorySeparator))
        {
            var prefix = current is null ? "" : current.FullName + ns.DirectorySeparator;
            current = await TryGetAsync(client, prefix + segment, cancellationToken)
                ?? await TryGetAsync(client, prefix + FolderPlanner.Conservative(segment), cancellationToken);
            if (current is null)
                return null;
        }

        return current;
    }

    private static async Task<IMailFolder?> TryGetAsync(ImapClient client, string fullName, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(fullName, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    private static async Task<IMailFolder> GetOrCreateChildAsync(
        ImapClient client, IMailFolder parent, string? parentName, string segment, char separator, CancellationToken cancellationToken)
    {
        var name = parentName is null ? segment : parentName + separator + segment;
        return await TryGetAsync(client, name, cancellationToken)
            ?? await parent.CreateAsync(segment, isMessageFolder: true, cancellationToken)
            ?? throw new InvalidOperationException($"the target did not create folder '{name}'");
    }

    private const FolderAttributes SpecialUse =
        FolderAttributes.Sent | FolderAttributes.Drafts | FolderAttributes.Trash | FolderAttributes.Junk | FolderAttributes.Archive;
}
