using MigrationBot.Bench.Corpus;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Ledger;
using MigrationBot.Engine.Reports;
using MigrationBot.Engine.Secrets;
using MigrationBot.Engine.Sync;
using MigrationBot.Engine.Verify;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A source and a target Dovecot with the same users, a ledger in a temp dir, and the jobs that copy every user.
/// The source uses Maildir++ ('.' separator) like many hosted servers; the target uses '/' like Exchange Online.
/// </summary>
internal sealed class MigrationPair : IAsyncDisposable
{
    public const string Password = "pw-Secret-1";

    /// <summary>Target mailboxes are named by address, as Exchange Online's are.</summary>
    public const string Domain = "corpus.example";

    public static string EmailOf(string user) => $"{user}@{Domain}";

    private readonly string _directory;

    private MigrationPair(DovecotServer source, DovecotServer target, IReadOnlyList<string> users, string directory, MigrationLedger ledger)
    {
        Source = source;
        Target = target;
        Users = users;
        _directory = directory;
        Ledger = ledger;
    }

    public DovecotServer Source { get; }

    public DovecotServer Target { get; }

    public IReadOnlyList<string> Users { get; }

    public MigrationLedger Ledger { get; }

    /// <summary>The budget every run of this pair shares, as the process's one budget is shared in production.</summary>
    public MemoryBudget Memory { get; } = new();

    public string LedgerPath => Path.Combine(_directory, "ledger.db");

    public string Directory => _directory;

    public static async Task<MigrationPair> StartAsync(
        IReadOnlyList<string> users, bool exchangeTarget = false, CancellationToken cancellationToken = default, Func<DovecotOptions, DovecotOptions>? configureTarget = null)
    {
        var accounts = users.Select(u => new DovecotUser(u, Password)).ToList();
        var targetAccounts = users.Select(u => new DovecotUser(EmailOf(u), Password)).ToList();
        var source = await DovecotServer.StartAsync(new DovecotOptions { Users = accounts, HierarchySeparator = '.', EnableOAuth = true }, cancellationToken);
        DovecotServer? target = null;
        try
        {
            var targetOptions = new DovecotOptions { Users = targetAccounts, HierarchySeparator = '/', ExchangeOnlineCapabilities = exchangeTarget, EnableOAuth = true };
            target = await DovecotServer.StartAsync(configureTarget?.Invoke(targetOptions) ?? targetOptions, cancellationToken);
            var directory = System.IO.Directory.CreateTempSubdirectory("migrationbot-engine-").FullName;
            var ledger = await MigrationLedger.OpenAsync(Path.Combine(directory, "ledger.db"), cancellationToken);
            return new MigrationPair(source, target, users, directory, ledger);
        }
        catch
        {
            await source.DisposeAsync();
            if (target is not null)
                await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seeds the corpus messages into the source, each into its user's mailbox.</summary>
    public async Task SeedAsync(IEnumerable<CorpusMessage> messages, CancellationToken cancellationToken = default)
    {
        foreach (var byUser in messages.GroupBy(m => m.User))
        {
            await using var mailbox = await Source.OpenMailboxAsync(byUser.Key, cancellationToken);
            await CorpusSeeder.SeedAsync(mailbox.Client, byUser, cancellationToken);
        }
    }

    public ImapEndpoint SourceEndpoint => new(Source.Host, Source.ImapPort, ImapSecurity.None);

    public ImapEndpoint TargetEndpoint => new(Target.Host, Target.ImapsPort, ImapSecurity.Ssl, AllowInvalidCertificate: true);

    /// <summary>The source logs in as the user; the target's administrator logs in for the mailbox (SASL PLAIN authzid).</summary>
    public MailboxJob Job(string user) => new(
        EmailOf(user),
        SourceEndpoint,
        new PasswordLogin(user, new Secret(Password)),
        null,
        TargetEndpoint,
        new PasswordLogin(Target.Options.MasterUser.Name, new Secret(Target.Options.MasterUser.Password), AuthorizationId: EmailOf(user)));

    /// <summary>The users' CSV as an administrator would upload it.</summary>
    public string Csv() =>
        "EmailAddress,UserName,Password\r\n" + string.Concat(Users.Select(u => $"{EmailOf(u)},{u},{Password}\r\n"));

    public IReadOnlyList<MailboxJob> Jobs() => Users.Select(Job).ToList();

    public Task<MigrationReport> MigrateAsync(MigrationOptions? options = null, CancellationToken cancellationToken = default) =>
        new MigrationRunner(Ledger, Memory, options ?? new MigrationOptions { InitialBackoff = TimeSpan.FromMilliseconds(50) }, TimeProvider.System)
            .RunAsync(Jobs(), null, cancellationToken);

    public async Task<IReadOnlyList<MailboxVerification>> VerifyAsync(MigrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var results = new List<MailboxVerification>();
        foreach (var job in Jobs())
            results.Add(await Verifier.VerifyAsync(job, options ?? new MigrationOptions(), cancellationToken));
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
