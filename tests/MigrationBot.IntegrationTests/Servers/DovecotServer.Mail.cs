using MailKit;

namespace MigrationBot.IntegrationTests.Servers;

public sealed partial class DovecotServer
{
    /// <summary>Logs in as <paramref name="user"/> (password from the options) for seeding and inspection.</summary>
    public async Task<DovecotMailbox> OpenMailboxAsync(string user, CancellationToken ct) =>
        new(user, await LoginAsync(user, ct));

    /// <summary>
    /// Forces a new UIDVALIDITY on <paramref name="folder"/> while keeping its messages, flags and internal dates, the way a
    /// source server does after its index is rebuilt. Close other sessions on the folder first: an open session may write its
    /// cached UID list back. Returns the UIDVALIDITY before and after.
    /// </summary>
    public async Task<(uint Before, uint After)> ResetUidValidityAsync(string user, string folder, CancellationToken ct)
    {
        uint before;
        await using (var mailbox = await OpenMailboxAsync(user, ct))
            before = await mailbox.GetUidValidityAsync(folder, ct);

        // dovecot-uidlist (control dir) holds the UIDVALIDITY and the UID of every file; dovecot.index* (index dir) cache them.
        // Without both, Dovecot renumbers the Maildir's files and takes the next value from the root's dovecot-uidvalidity,
        // so the new UIDVALIDITY is always different. Flags live in the file names (and dovecot-keywords), so they stay.
        var controlDir = await MailboxPathAsync(user, folder, "control", ct);
        var indexDir = await MailboxPathAsync(user, folder, "index", ct);
        File.Delete(Path.Combine(controlDir, "dovecot-uidlist"));
        foreach (var file in Directory.EnumerateFiles(indexDir, "dovecot.index*"))
            File.Delete(file);

        uint after;
        await using (var mailbox = await OpenMailboxAsync(user, ct))
        {
            var target = await mailbox.Client.GetFolderAsync(folder, ct);
            await target.OpenAsync(FolderAccess.ReadOnly, ct);
            after = target.UidValidity;
        }
        if (after == before)
            throw new InvalidOperationException($"UIDVALIDITY of {user}'s '{folder}' stayed {before} after removing its uidlist and index.");
        return (before, after);
    }

    /// <summary>The directory Dovecot keeps <paramref name="folder"/>'s files of the given type in (mailbox, index, control).</summary>
    public async Task<string> MailboxPathAsync(string user, string folder, string type, CancellationToken ct)
    {
        var result = await Command.RunAsync(_doveadm, ["-c", _layout.ConfigFile, "mailbox", "path", "-t", type, "-u", user, folder],
            TimeSpan.FromSeconds(30), ct);
        var path = result.EnsureSuccess($"doveadm mailbox path for {user}'s '{folder}'").Output.Trim();
        if (path.Length == 0 || !Directory.Exists(path))
            throw new InvalidOperationException($"doveadm gave no existing {type} directory for {user}'s '{folder}': '{path}'.");
        return path;
    }

    /// <summary>
    /// Puts messages into <paramref name="folder"/> as Maildir files, byte for byte, the way a server holds mail it
    /// received or imported (an mbox <c>From </c> line, a byte-order mark, bare line ends, 0 bytes): no IMAP client
    /// would send some of these, and MimeKit would refuse or rewrite others. Each file's time is its INTERNALDATE.
    /// Returns the UIDs the server gave them, in order.
    /// </summary>
    public async Task<IReadOnlyList<UniqueId>> DeliverRawAsync(string user, string folder, IReadOnlyList<(byte[] Raw, DateTimeOffset Received)> messages, CancellationToken ct)
    {
        if (Options.Storage != DovecotMailStorage.Maildir)
            throw new InvalidOperationException($"Messages can be placed as files only into Maildir storage, not {Options.Storage}.");
        uint uidNext;
        await using (var mailbox = await OpenMailboxAsync(user, ct))
        {
            var before = await mailbox.Client.GetFolderAsync(folder, ct);
            await before.OpenAsync(FolderAccess.ReadOnly, ct);
            uidNext = before.UidNext?.Id ?? 1;
        }

        var cur = Path.Combine(await MailboxPathAsync(user, folder, "mailbox", ct), "cur");
        Directory.CreateDirectory(cur);
        for (var i = 0; i < messages.Count; i++)
        {
            // Named in delivery order, so Dovecot gives the UIDs in the order of the list.
            var file = Path.Combine(cur, $"{1_700_000_000 + i}.M{i}P{Environment.ProcessId}.raw-{Guid.NewGuid():N}:2,");
            await File.WriteAllBytesAsync(file, messages[i].Raw, ct);
            File.SetLastWriteTimeUtc(file, messages[i].Received.UtcDateTime);
        }

        await using var after = await OpenMailboxAsync(user, ct);
        var delivered = await after.FetchAsync(folder, ct);
        var uids = delivered.Where(m => m.Uid.Id >= uidNext).Select(m => m.Uid).ToList();
        if (uids.Count != messages.Count)
            throw new InvalidOperationException($"Dovecot picked up {uids.Count} of {messages.Count} Maildir files in {user}'s '{folder}'.");
        return uids;
    }
}
