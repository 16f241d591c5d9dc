using MailKit;
using MailKit.Net.Imap;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench;

/// <summary>The folders of a logged-in mailbox, and how many messages each holds: what a copier is checked against.</summary>
internal static class MailboxFolders
{
    /// <summary>Every selectable folder, INBOX included once.</summary>
    public static async Task<IReadOnlyList<IMailFolder>> ListAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cancellationToken);
        return folders.Append(client.Inbox).DistinctBy(f => f.FullName)
            .Where(f => (f.Attributes & (FolderAttributes.NoSelect | FolderAttributes.NonExistent)) == 0)
            .ToList();
    }

    /// <summary>Messages per folder (STATUS MESSAGES), by full name with '/' between levels whatever the server's separator, so two servers compare.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(DovecotServer server, string user, CancellationToken cancellationToken)
    {
        await using var mailbox = await server.OpenMailboxAsync(user, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var folder in await ListAsync(mailbox.Client, cancellationToken))
        {
            await folder.StatusAsync(StatusItems.Count, cancellationToken);
            counts[folder.FullName.Replace(folder.DirectorySeparator, '/')] = folder.Count;
        }

        return counts;
    }
}
