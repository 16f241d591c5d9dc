using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.DemoServers;

/// <summary>
/// The SOURCE Dovecot ('.' separator, the demo users with the corpus in their mailboxes) and the TARGET Dovecot
/// ('/' separator, as Exchange Online; empty mailboxes named by address), each with a master user <c>admin</c>.
/// Every password is generated at start. Disposing stops both.
/// </summary>
internal sealed class DemoServers : IAsyncDisposable
{
    private const string MasterUser = "admin";

    private DemoServers(DovecotServer source, DovecotServer target, IReadOnlyList<DemoSourceUser> users)
    {
        Source = source;
        Target = target;
        Users = users;
    }

    public DovecotServer Source { get; }

    public DovecotServer Target { get; }

    /// <summary>The source users as seeded: their passwords and how many messages each mailbox holds.</summary>
    public IReadOnlyList<DemoSourceUser> Users { get; }

    public static async Task<DemoServers> StartAsync(string dataDirectory, TextWriter output, CancellationToken ct)
    {
        var sourceOptions = new DovecotOptions
        {
            Users = DemoUser.All.Select(u => new DovecotUser(u.Name, DemoPassword.New())).ToList(),
            MasterUser = new DovecotUser(MasterUser, DemoPassword.New()),
            HierarchySeparator = '.',
            MailRoot = dataDirectory,
        };
        var targetOptions = new DovecotOptions
        {
            // Nobody logs in to the target with these: the bot authenticates as the master user for each mailbox.
            Users = DemoUser.All.Select(u => new DovecotUser(u.EmailAddress, DemoPassword.New())).ToList(),
            MasterUser = new DovecotUser(MasterUser, DemoPassword.New()),
            HierarchySeparator = '/',
            MailRoot = dataDirectory,
        };

        var source = await DovecotServer.StartAsync(sourceOptions, ct);
        DovecotServer? target = null;
        try
        {
            output.WriteLine($"source: Dovecot on {source.Host}, IMAP {source.ImapPort}, IMAPS {source.ImapsPort}");
            target = await DovecotServer.StartAsync(targetOptions, ct);
            output.WriteLine($"target: Dovecot on {target.Host}, IMAP {target.ImapPort}, IMAPS {target.ImapsPort}");
            var users = new List<DemoSourceUser>();
            foreach (var user in DemoUser.All)
            {
                var messages = await SeedAsync(source, user, ct);
                output.WriteLine($"seeded {user.Name}: {messages} messages");
                users.Add(new DemoSourceUser(user.Name, source.PasswordOf(user.Name), user.EmailAddress, messages));
            }

            return new DemoServers(source, target, users);
        }
        catch
        {
            if (target is not null)
                await target.DisposeAsync();
            await source.DisposeAsync();
            throw;
        }
    }

    private static async Task<int> SeedAsync(DovecotServer source, DemoUser user, CancellationToken ct)
    {
        await using var mailbox = await source.OpenMailboxAsync(user.Name, ct);
        return await CorpusSeeder.SeedAsync(mailbox.Client, user.Corpus(), ct);
    }

    public DemoManifest Manifest() => new(
        new DemoSource(Source.Host, Source.ImapPort, Source.ImapsPort, Source.Options.MasterUser.Name, Source.Options.MasterUser.Password, Users),
        new DemoTarget(Target.Host, Target.ImapPort, Target.ImapsPort, Target.Options.MasterUser.Name, Target.Options.MasterUser.Password),
        DemoCsv.UserPasswords(Users),
        DemoCsv.AdminForm(Users, Source.MasterLogin, Source.Options.MasterUser.Password));

    public async ValueTask DisposeAsync()
    {
        // Both, even if the first one fails to stop.
        try
        {
            await Target.DisposeAsync();
        }
        finally
        {
            await Source.DisposeAsync();
        }
    }
}
