using MigrationBot.Bench.Corpus;

namespace MigrationBot.DemoServers;

/// <summary>A demo user: the source login, the target address, and the corpus their source mailbox holds.</summary>
internal sealed record DemoUser(string Name, int Messages, int Seed)
{
    public const string Domain = "contoso.test";

    /// <summary>Three users, a few hundred messages in all: enough folders, flags, keywords and attachments to look at, quick to seed.</summary>
    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("alice", 150, 1),
        new("bob", 120, 2),
        new("carol", 100, 3),
    ];

    /// <summary>The target mailbox's address, also its Dovecot user name on the target (Exchange Online names mailboxes by address).</summary>
    public string EmailAddress => $"{Name}@{Domain}";

    /// <summary>Small messages only (1–64 KB, none of the bench's large ones); every case a '/'-separator target can hold.</summary>
    public IEnumerable<CorpusMessage> Corpus() => CorpusGenerator.Generate(new CorpusOptions
    {
        Seed = Seed,
        Users = 1,
        UserNames = [Name],
        Domain = Domain,
        MessagesPerUser = Messages,
        TypicalMaxSize = 64 * 1024,
        MaxSize = 64 * 1024,
        LargeMessagesPerUser = 0,
        Cases = CorpusCases.Default,
    });
}
