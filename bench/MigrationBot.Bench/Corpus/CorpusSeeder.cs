using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace MigrationBot.Bench.Corpus;

/// <summary>
/// Puts corpus messages into an IMAP mailbox: creates the folders, then APPENDs in batches (one MULTIAPPEND
/// command per batch where the server has RFC 3502, which MailKit uses on its own) with the messages' flags,
/// keywords and internal dates. Large messages are appended one at a time from a temporary file, so no
/// message is held in memory whole.
/// </summary>
/// <example><code>
/// await CorpusSeeder.SeedAsync(client, corpus.Where(m => m.User == "user1"), ct);
/// </code></example>
public static class CorpusSeeder
{
    private const int BatchCount = 100;
    private const long BatchBytes = 8L * 1024 * 1024;
    private const long LargeMessage = 1024 * 1024;

    /// <summary>Appends <paramref name="messages"/> to the mailbox <paramref name="client"/> is logged in to; returns how many.</summary>
    /// <exception cref="InvalidOperationException">A folder name holds the server's hierarchy separator.</exception>
    public static async Task<int> SeedAsync(ImapClient client, IEnumerable<CorpusMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        var folders = new CorpusFolderCreator(client);
        var batch = new List<CorpusMessage>();
        IMailFolder? batchFolder = null;
        long batchBytes = 0;
        var count = 0;

        foreach (var message in messages)
        {
            var folder = await folders.GetOrCreateAsync(message.Folder, cancellationToken);
            if (batch.Count > 0 && (folder != batchFolder || batch.Count == BatchCount || batchBytes + message.Size > BatchBytes))
            {
                count += await AppendBatchAsync(batchFolder!, batch, cancellationToken);
                batch.Clear();
                batchBytes = 0;
            }

            if (message.Size >= LargeMessage)
            {
                await AppendLargeAsync(folder, message, cancellationToken);
                count++;
                continue;
            }

            batchFolder = folder;
            batch.Add(message);
            batchBytes += message.Size;
        }

        if (batch.Count > 0)
        {
            count += await AppendBatchAsync(batchFolder!, batch, cancellationToken);
        }

        return count;
    }

    private static async Task<int> AppendBatchAsync(IMailFolder folder, List<CorpusMessage> batch, CancellationToken cancellationToken)
    {
        var requests = new List<IAppendRequest>(batch.Count);
        foreach (var message in batch)
        {
            using var stream = new MemoryStream(message.ToArray(), writable: false);
            requests.Add(Request(await MimeMessage.LoadAsync(stream, cancellationToken), message));
        }

        await folder.AppendAsync(requests, cancellationToken);
        foreach (var request in requests)
        {
            request.Message.Dispose();
        }

        return requests.Count;
    }

    private static async Task AppendLargeAsync(IMailFolder folder, CorpusMessage message, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            // persistent: MimeKit keeps part contents as ranges of the file instead of copying them into memory.
            await using var stream = File.OpenRead(path);
            using var mime = await MimeMessage.LoadAsync(stream, persistent: true, cancellationToken);
            await folder.AppendAsync(Request(mime, message), cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static AppendRequest Request(MimeMessage mime, CorpusMessage message) =>
        new(mime, message.Flags, message.Keywords, message.InternalDate);
}
