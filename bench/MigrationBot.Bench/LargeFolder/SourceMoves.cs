using MailKit;
using MailKit.Search;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.LargeFolder;

/// <summary>A user filing mail on the source between two passes: messages moved out of INBOX by UID MOVE (RFC 6851).</summary>
internal static class SourceMoves
{
    // Every 100th UID: a set of single numbers, so a command stays well under Dovecot's 64 KB line limit.
    private const int UidsPerCommand = 1000;

    /// <summary>Moves every <paramref name="every"/>th message of INBOX into <paramref name="folder"/>; returns how many moved.</summary>
    public static async Task<int> MoveAsync(DovecotServer source, string user, int every, string folder, CancellationToken cancellationToken)
    {
        await using var mailbox = await source.OpenMailboxAsync(user, cancellationToken);
        var inbox = mailbox.Client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uids = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
        var moving = uids.Where((_, i) => i % every == every - 1).ToList();
        var destination = await mailbox.Client.GetFolderAsync(folder, cancellationToken);
        foreach (var chunk in moving.Chunk(UidsPerCommand))
            await inbox.MoveToAsync(chunk, destination, cancellationToken);
        return moving.Count;
    }
}
