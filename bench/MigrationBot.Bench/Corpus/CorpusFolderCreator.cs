using MailKit;
using MailKit.Net.Imap;

namespace MigrationBot.Bench.Corpus;

/// <summary>Finds or creates a corpus folder path on the server, remembering what it has seen.</summary>
internal sealed class CorpusFolderCreator(ImapClient client)
{
    private readonly Dictionary<string, IMailFolder> _folders = new(StringComparer.Ordinal);

    public async Task<IMailFolder> GetOrCreateAsync(IReadOnlyList<string> path, CancellationToken cancellationToken)
    {
        if (path.Count == 1 && string.Equals(path[0], "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox;
        }

        var key = string.Join('\u0001', path);
        if (_folders.TryGetValue(key, out var known))
        {
            return known;
        }

        var parent = path.Count == 1
            ? client.GetFolder(client.PersonalNamespaces[0])
            : await GetOrCreateAsync(path.Take(path.Count - 1).ToList(), cancellationToken);
        var name = path[^1];
        if (name.Contains(parent.DirectorySeparator, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Folder name \"{name}\" contains the server's hierarchy separator '{parent.DirectorySeparator}': "
                + "seed this corpus on a source whose separator is '.' (Dovecot also needs the listescape plugin "
                + "to store '/' in a name), or leave CorpusCases.SlashInFolderName off.");
        }

        IMailFolder folder;
        try
        {
            folder = await parent.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            folder = await parent.CreateAsync(name, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The server did not create folder \"{name}\".");
            // Subscribed, as mail clients leave them, so LSUB and LIST see the same folders.
            await folder.SubscribeAsync(cancellationToken);
        }

        _folders.Add(key, folder);
        return folder;
    }
}
