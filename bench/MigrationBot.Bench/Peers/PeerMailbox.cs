using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.Bench.Peers;

/// <summary>One mailbox a peer copies: its login on each side, and a directory of its own for the peer's state.</summary>
internal sealed record PeerMailbox(DovecotServer Source, string SourceUser, DovecotServer Target, string TargetUser, string WorkDirectory)
{
    public string SourcePassword => Source.PasswordOf(SourceUser);
}
