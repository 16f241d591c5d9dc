using MailKit;
using MailKit.Net.Imap;

namespace MigrationBot.Engine.Imap;

/// <summary>An <see cref="ImapFolder"/> that FETCHes message bodies into pooled buffers (<see cref="MessageBuffers"/>).</summary>
internal sealed class PooledImapFolder(ImapFolderConstructorArgs args) : ImapFolder(args)
{
    protected override Stream CreateStream(UniqueId? uid, string section, int offset, int length) =>
        new FetchedMessageStream(MessageBuffers.Rent(length));
}
