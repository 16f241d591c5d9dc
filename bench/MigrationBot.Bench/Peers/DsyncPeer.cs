using System.Globalization;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.Peers;

/// <summary>
/// Dovecot's dsync pulling from the source over imapc into the target's own storage: <c>doveadm backup -R</c> with the
/// target instance's config, so it writes the target Maildir itself (DESIGN.md §8) and never goes through the target's IMAP.
/// The imapc settings are those of Dovecot's migration guide: RFC822.SIZE and headers from FETCH, 20 mails prefetched.
/// </summary>
internal sealed class DsyncPeer : IPeer
{
    private readonly string _doveadm = Command.Find("doveadm") ?? throw new InvalidOperationException("doveadm is not installed: run ./scripts/install-deps.sh");

    public string Name => "dsync (doveadm backup, imapc)";

    public PeerCommand Prepare(PeerMailbox mailbox) => new(
        [
            _doveadm, "-c", mailbox.Target.ConfigFile,
            "-o", $"imapc_host={mailbox.Source.Host}",
            "-o", $"imapc_port={mailbox.Source.ImapPort.ToString(CultureInfo.InvariantCulture)}",
            "-o", $"imapc_user={mailbox.SourceUser}",
            "-o", $"imapc_password={mailbox.SourcePassword}",
            "-o", "imapc_features=rfc822.size fetch-headers",
            "-o", "mail_prefetch_count=20",
            "-o", "mail_fsync=never",
            // -R: from the location named last (the source, over imapc) into the user's own mail_location (the target).
            "backup", "-R", "-u", mailbox.TargetUser, "imapc:",
        ],
        new Dictionary<string, string>());
}
