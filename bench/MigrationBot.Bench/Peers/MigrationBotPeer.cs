namespace MigrationBot.Bench.Peers;

/// <summary>
/// MigrationBot's CLI run the peers' way, one process per mailbox (<c>--user</c>), each with its own ledger, so its
/// start-up and CPU are counted as the peers' are.
/// </summary>
internal sealed class MigrationBotPeer(string cli, string csv) : IPeer
{
    public const string Label = "MigrationBot CLI (--user)";

    public string Name => Label;

    public PeerCommand Prepare(PeerMailbox mailbox)
    {
        var ledger = Path.Combine(mailbox.WorkDirectory, "ledger.db");
        var report = Path.Combine(mailbox.WorkDirectory, "report");
        var arguments = EngineRun.Arguments(cli, 1, mailbox.Source, mailbox.Target, csv, ledger, report, mailbox.TargetUser);
        return new PeerCommand(
            [.. EngineRun.Command(cli), .. arguments.Skip(1)],
            new Dictionary<string, string> { [EngineRun.AdminPasswordVariable] = mailbox.Target.Options.MasterUser.Password });
    }
}
