using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

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
        File.WriteAllText(config, Store("source", mailbox.Source, mailbox.SourceUser) + Store("target", mailbox.Target, mailbox.TargetUser) + $"""
            Channel copy
            Far :source:
            Near :target:
            Patterns *
            Create Near
            Sync Pull
            CopyArrivalDate yes
            SyncState {state}/

            """);
        return new PeerCommand(["mbsync", "-q", "-c", config, "-a"], new Dictionary<string, string>());
    }

    /// <summary>A store on one of the servers: plain IMAP and a PLAIN login over loopback, as the other copiers use.</summary>
    private static string Store(string name, DovecotServer server, string user) => string.Create(CultureInfo.InvariantCulture, $"""
        IMAPAccount {name}
        Host {server.Host}
        Port {server.ImapPort}
        User {user}
        Pass {server.PasswordOf(user)}
        SSLType None
        AuthMechs PLAIN

        IMAPStore {name}
        Account {name}


        """);
}
