using MigrationBot.IntegrationTests.Servers;
using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Bench.Corpus;

namespace MigrationBot.Bench;

/// <summary>The references the engine is measured against, on the same servers in the same run.</summary>
internal static class Ceilings
{
    /// <summary>The write ceiling: APPEND-loading the corpus (MULTIAPPEND where offered), one connection per user, users in parallel.</summary>
    public static async Task<TimeSpan> AppendLoadAsync(DovecotServer server, IReadOnlyList<CorpusMessage> corpus, Func<string, string> userOf, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(corpus.GroupBy(m => m.User), cancellationToken, async (byUser, ct) =>
        {
            await using var mailbox = await server.OpenMailboxAsync(userOf(byUser.Key), ct);
            await CorpusSeeder.SeedAsync(mailbox.Client, byUser, ct);
        });
        return clock.Elapsed;
    }

    /// <summary>The read ceiling: FETCH BODY.PEEK[] of every message of every folder, users in parallel, bytes discarded.</summary>
    public static async Task<(TimeSpan Elapsed, int Messages, long Bytes)> FetchAllAsync(DovecotServer server, IEnumerable<string> users, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var messages = 0;
        long bytes = 0;
        await Parallel.ForEachAsync(users, cancellationToken, async (user, ct) =>
        {
            await using var mailbox = await server.OpenMailboxAsync(user, ct);
            var client = mailbox.Client;
            foreach (var folder in await MailboxFolders.ListAsync(client, ct))
            {
                await folder.OpenAsync(FolderAccess.ReadOnly, ct);
                if (folder.Count == 0)
                    continue;
                await ((ImapFolder)folder).GetStreamsAsync(0, -1, async (_, _, _, stream, token) =>
                {
                    var buffer = new byte[81920];
                    int read;
                    long total = 0;
                    while ((read = await stream.ReadAsync(buffer, token)) > 0)
                        total += read;
                    Interlocked.Add(ref bytes, total);
                    Interlocked.Increment(ref messages);
                }, ct);
            }
        });
        return (clock.Elapsed, messages, bytes);
    }
}
