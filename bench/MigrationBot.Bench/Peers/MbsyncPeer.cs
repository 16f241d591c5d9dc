using System.Globalization;

namespace MigrationBot.Bench.Peers;

/// <summary>
/// mbsync (isync 1.4) between the two IMAP servers, one channel per mailbox: the source is its Far side, the target its
/// Near side (1.4's words; 1.3 said Master and Slave), <c>Sync Pull</c> copies far to near and <c>Create Near</c> makes
/// the target's folders.
/// </summary>
internal sealed class MbsyncPeer : IPeer
{
    public string Name => "mbsync (isync)";

    public PeerCommand Prepare(PeerMailbox mailbox)
    {
        var state = Path.Combine(mailbox.WorkDirectory, "mbsync-state");
        Directory.CreateDirectory(state);
        var config = Path.Combine(mailbox.WorkDirectory, "mbsyncrc");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            IMAPAccount source
            Host {mailbox.Source.Host}
            Port {mailbox.Source.ImapPort}
            User {mailbox.SourceUser}
            Pass {mailbox.SourcePassword}
            SSLType None
            AuthMechs PLAIN

            IMAPStore source
            Account source

            IMAPAccount target
            Host {mailbox.Target.Host}
            Port {mailbox.Target.ImapPort}
            User {mailbox.TargetUser}
            Pass {mailbox.TargetPassword}
            SSLType None
            AuthMechs PLAIN

            IMAPStore target
            Account target

            Channel copy
            Far :source:
            Near :target:
            Patterns *
            Create Near
            Sync Pull
            CopyArrivalDate yes
            SyncState {state}/

            """));
        return new PeerCommand(["mbsync", "-q", "-c", config, "-a"], new Dictionary<string, string>());
    }
}
