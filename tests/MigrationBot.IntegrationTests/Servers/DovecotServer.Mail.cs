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
}
