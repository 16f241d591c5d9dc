using MailKit.Net.Imap;

namespace MigrationBot.Engine.Imap;

/// <summary>The <see cref="ImapClient"/> every session uses: its folders FETCH into pooled buffers.</summary>
internal sealed class PooledImapClient : ImapClient
{
    protected override ImapFolder CreateImapFolder(ImapFolderConstructorArgs args) => new PooledImapFolder(args);
}
