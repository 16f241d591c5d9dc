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
    private const long PendingBytes = 32L * 1024 * 1024;

    /// <summary>Appends <paramref name="messages"/> to the mailbox <paramref name="client"/> is logged in to; returns how many.</summary>
    /// <remarks>
    /// Messages are batched per folder (a corpus interleaves folders), so each MULTIAPPEND carries up to
    /// 100 messages or 8 MB; within a folder, messages keep their order, hence their UID order.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A folder name holds the server's hierarchy separator.</exception>
    public static async Task<int> SeedAsync(ImapClient client, IEnumerable<CorpusMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(messages);
        var folders = new CorpusFolderCreator(client);
        var pending = new Dictionary<IMailFolder, List<CorpusMessage>>();
        long pendingBytes = 0;
        var count = 0;

        async Task FlushAsync(IMailFolder folder)
        {
            if (pending.Remove(folder, out var batch))
            {
                pendingBytes -= batch.Sum(m => m.Size);
                count += await AppendBatchAsync(folder, batch, cancellationToken);
            }
        }

        foreach (var message in messages)
        {
            var folder = await folders.GetOrCreateAsync(message.Folder, cancellationToken);
            if (message.Size >= LargeMessage)
            {
                // Earlier messages of the folder go first, so UIDs follow the corpus order.
                await FlushAsync(folder);
                await AppendLargeAsync(folder, message, cancellationToken);
                count++;
                continue;
            }

            if (!pending.TryGetValue(folder, out var batch))
            {
                pending.Add(folder, batch = []);
            }

            batch.Add(message);
            pendingBytes += message.Size;
            if (batch.Count == BatchCount || batch.Sum(m => m.Size) >= BatchBytes)
            {
                await FlushAsync(folder);
            }
            else if (pendingBytes >= PendingBytes)
            {
                // Bounded memory across folders: send the fullest batch.
                await FlushAsync(pending.MaxBy(p => p.Value.Sum(m => m.Size)).Key);
            }
        }

        foreach (var folder in pending.Keys.ToList())
        {
            await FlushAsync(folder);
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
