using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace MigrationBot.IntegrationTests.Servers;

/// <summary>
/// Seeds and inspects one user's mailbox over a logged-in IMAP session. Folder names are full names with the
/// server's hierarchy separator (<see cref="DovecotServer.HierarchySeparator"/>).
/// </summary>
public sealed class DovecotMailbox : IAsyncDisposable
{
    // Keeps one MULTIAPPEND command (and the parsed messages held for it) a sensible size.
    private const int AppendBatchCount = 200;
    private const long AppendBatchBytes = 16 * 1024 * 1024;

    internal DovecotMailbox(string user, ImapClient client)
    {
        User = user;
        Client = client;
    }

    public string User { get; }

    /// <summary>The underlying session, for anything the helpers below do not cover.</summary>
    public ImapClient Client { get; }

    private char Separator => Client.PersonalNamespaces[0].DirectorySeparator;

    /// <summary>Creates <paramref name="fullName"/> and any missing parents; returns the folder.</summary>
    public async Task<IMailFolder> CreateFolderAsync(string fullName, CancellationToken ct)
    {
        IMailFolder parent = Client.GetFolder(Client.PersonalNamespaces[0]);
        var path = "";
        foreach (var name in fullName.Split(Separator))
        {
            path = path.Length == 0 ? name : path + Separator + name;
            parent = await FindFolderAsync(path, ct)
                ?? await parent.CreateAsync(name, isMessageFolder: true, ct)
                ?? throw new InvalidOperationException($"Creating '{path}' returned no folder.");
        }
        await parent.SubscribeAsync(ct);
        return parent;
    }

    public async Task<IReadOnlyList<UniqueId>> AppendAsync(string folder, IEnumerable<SeedMessage> messages, CancellationToken ct)
    {
        var target = await Client.GetFolderAsync(folder, ct);
        var uids = new List<UniqueId>();
        var batch = new List<IAppendRequest>();
        long batchBytes = 0;
        foreach (var message in messages)
        {
            batch.Add(ToRequest(message));
            batchBytes += message.Raw.Length;
            if (batch.Count >= AppendBatchCount || batchBytes >= AppendBatchBytes)
            {
                uids.AddRange(await AppendBatchAsync(target, batch, ct));
                batch.Clear();
                batchBytes = 0;
            }
        }
        if (batch.Count > 0)
            uids.AddRange(await AppendBatchAsync(target, batch, ct));
        return uids;
    }

    public async Task<UniqueId> AppendAsync(string folder, SeedMessage message, CancellationToken ct) =>
        (await AppendAsync(folder, [message], ct)).Single();

    private async Task<IEnumerable<UniqueId>> AppendBatchAsync(IMailFolder target, List<IAppendRequest> batch, CancellationToken ct)
    {
        try
        {
            // MULTIAPPEND (RFC 3502) is far cheaper per message on Dovecot than one APPEND each (DESIGN.md §9).
            if (Client.Capabilities.HasFlag(ImapCapabilities.MultiAppend))
            {
                var appended = await target.AppendAsync(batch, ct);
                return appended.Count == batch.Count
                    ? appended
                    : throw new InvalidOperationException("The server did not return an APPENDUID (UIDPLUS) for the seeded messages.");
            }
            var uids = new List<UniqueId>();
            foreach (var request in batch)
                uids.Add(RequireUid(await target.AppendAsync(request, ct)));
            return uids;
        }
        finally
        {
            foreach (var request in batch)
                request.Message.Dispose();
        }
    }

    private static UniqueId RequireUid(UniqueId? uid) =>
        uid ?? throw new InvalidOperationException("The server did not return an APPENDUID (UIDPLUS) for a seeded message.");

    private static AppendRequest ToRequest(SeedMessage message)
    {
        var parsed = MimeMessage.Load(new MemoryStream(message.Raw, writable: false));
        var request = new AppendRequest(parsed, message.Flags, message.Keywords);
        if (message.InternalDate is { } date)
            request.InternalDate = date;
        return request;
    }

    public async Task AddFlagsAsync(string folder, IList<UniqueId> uids, MessageFlags flags, IEnumerable<string>? keywords, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadWrite, ct);
        await target.StoreAsync(uids, Store(StoreAction.Add, flags, keywords), ct);
    }

    public async Task RemoveFlagsAsync(string folder, IList<UniqueId> uids, MessageFlags flags, IEnumerable<string>? keywords, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadWrite, ct);
        await target.StoreAsync(uids, Store(StoreAction.Remove, flags, keywords), ct);
    }

    /// <summary>Replaces the flags and keywords of <paramref name="uids"/>.</summary>
    public async Task SetFlagsAsync(string folder, IList<UniqueId> uids, MessageFlags flags, IEnumerable<string>? keywords, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadWrite, ct);
        await target.StoreAsync(uids, Store(StoreAction.Set, flags, keywords), ct);
    }

    /// <summary>Marks \Deleted and expunges.</summary>
    public async Task DeleteAsync(string folder, IList<UniqueId> uids, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadWrite, ct);
        await target.StoreAsync(uids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Silent = true }, ct);
        await target.ExpungeAsync(uids, ct);
    }

    /// <summary>Every folder (recursively) with its attributes, message count and UIDVALIDITY.</summary>
    /// <summary>Files messages into another folder, as a user does (UID MOVE).</summary>
    public async Task MoveAsync(string folder, IList<UniqueId> uids, string destination, CancellationToken ct)
    {
        var from = await OpenAsync(folder, FolderAccess.ReadWrite, ct);
        var to = await Client.GetFolderAsync(destination, ct);
        await from.MoveToAsync(uids, to, ct);
    }

    /// <summary>Renames a top-level folder (IMAP RENAME; its subfolders go with it).</summary>
    public async Task RenameAsync(string folder, string newName, CancellationToken ct)
    {
        var existing = await Client.GetFolderAsync(folder, ct);
        var parent = Client.GetFolder(Client.PersonalNamespaces[0]);
        await existing.RenameAsync(parent, newName, ct);
    }

    public async Task<IReadOnlyList<SeededFolder>> ListFoldersAsync(CancellationToken ct)
    {
        var folders = await Client.GetFoldersAsync(Client.PersonalNamespaces[0], StatusItems.Count | StatusItems.UidValidity | StatusItems.UidNext, subscribedOnly: false, ct);
        return folders
            .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !f.Attributes.HasFlag(FolderAttributes.NoSelect))
            .Select(f => new SeededFolder(f.FullName, f.Attributes, f.Count, f.UidValidity, f.UidNext?.Id))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The current UIDVALIDITY of <paramref name="folder"/> (STATUS, no SELECT).</summary>
    public async Task<uint> GetUidValidityAsync(string folder, CancellationToken ct)
    {
        var target = await Client.GetFolderAsync(folder, ct);
        await target.StatusAsync(StatusItems.UidValidity, ct);
        return target.UidValidity;
    }

    /// <summary>Every message of <paramref name="folder"/> in UID order.</summary>
    public async Task<IReadOnlyList<SeededMessage>> FetchAsync(string folder, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadOnly, ct);
        if (target.Count == 0)
            return [];
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate
            | MessageSummaryItems.Size | MessageSummaryItems.Envelope);
        var summaries = await target.FetchAsync(0, -1, request, ct);
        return summaries
            .Select(s => new SeededMessage(s.UniqueId, s.Envelope?.MessageId, s.Flags ?? MessageFlags.None,
                s.Keywords.ToHashSet(StringComparer.OrdinalIgnoreCase), s.InternalDate, s.Size))
            .OrderBy(m => m.Uid.Id)
            .ToList();
    }

    /// <summary>The raw bytes of one message.</summary>
    public async Task<byte[]> FetchRawAsync(string folder, UniqueId uid, CancellationToken ct)
    {
        var target = await OpenAsync(folder, FolderAccess.ReadOnly, ct);
        await using var stream = await target.GetStreamAsync(uid, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private async Task<IMailFolder> OpenAsync(string folder, FolderAccess access, CancellationToken ct)
    {
        var target = await Client.GetFolderAsync(folder, ct);
        if (!target.IsOpen || (access == FolderAccess.ReadWrite && target.Access != FolderAccess.ReadWrite))
            await target.OpenAsync(access, ct);
        return target;
    }

    private async Task<IMailFolder?> FindFolderAsync(string fullName, CancellationToken ct)
    {
        try
        {
            return await Client.GetFolderAsync(fullName, ct);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    private static StoreFlagsRequest Store(StoreAction action, MessageFlags flags, IEnumerable<string>? keywords) =>
        keywords is null
            ? new StoreFlagsRequest(action, flags) { Silent = true }
            : new StoreFlagsRequest(action, flags, keywords) { Silent = true };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
                await Client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException)
        {
            // The session is going away either way.
        }
        Client.Dispose();
    }
}
