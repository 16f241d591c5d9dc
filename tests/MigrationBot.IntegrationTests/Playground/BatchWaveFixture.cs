using System.Globalization;
using MigrationBot.Bench.Corpus;
using MigrationBot.IntegrationTests.Engine;

namespace MigrationBot.IntegrationTests.Playground;

/// <summary>
/// The Playground fixture with a bot that can run waves: a SOURCE and a TARGET Dovecot (<see cref="MigrationPair"/>)
/// with three users and a small corpus, the source saved as endpoint <see cref="Endpoint"/>, the target logged into
/// with its master user. Alex Wilber (the Playground's current user) is the admin, Megan Bowen the approver, and
/// Adele Vance neither: all three are members of the Playground's team, so its invoke API takes presses from each
/// of them (BOTFRAMEWORK.md §2.10 item 2).
/// </summary>
public sealed class BatchWaveFixture : PlaygroundFixture
{
    public const string Endpoint = "demo";

    private MigrationPair? _pair;

    internal static PlaygroundPerson Admin { get; } = new(PlaygroundIdentity.CurrentUserId, "Alex Wilber", "00000000-0000-0000-0000-0000000000020");

    internal static PlaygroundPerson Approver { get; } = new("user-id-1", "Megan Bowen", "00000000-0000-0000-0000-0000000000021");

    internal static PlaygroundPerson Bystander { get; } = new("user-id-2", "Adele Vance", "00000000-0000-0000-0000-0000000000022");

    internal MigrationPair Pair => _pair ?? throw new InvalidOperationException("fixture not started");

    private static CorpusOptions Corpus => new() { Seed = 23, Users = 3, MessagesPerUser = 40, Cases = CorpusCases.All };

    public override async Task InitializeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            _pair = await MigrationPair.StartAsync([.. Enumerable.Range(1, 3).Select(Corpus.UserName)], cancellationToken: timeout.Token);
            await _pair.SeedAsync(CorpusGenerator.Generate(Corpus), timeout.Token);
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    /// <summary>The CSV a channel's form takes: no Password column (an admin form logs in for every user).</summary>
    internal string CsvWithoutPasswords() =>
        "EmailAddress,UserName\n" + string.Concat(Pair.Users.Select(u => $"{MigrationPair.EmailOf(u)},{u}\n"));

    internal override Task<InProcessBot> StartBotAsync(CancellationToken cancellationToken) =>
        InProcessBot.StartAsync("Development", new Dictionary<string, string>
        {
            ["Bot:DangerouslyAllowUnauthenticatedRequests"] = "true",
            ["Target:Host"] = Pair.Target.Host,
            ["Target:Port"] = Pair.Target.ImapsPort.ToString(CultureInfo.InvariantCulture),
            ["Target:Security"] = "Ssl",
            ["Target:AllowInvalidCertificate"] = "true",
            ["Target:Auth"] = "Master",
            ["Target:AdminUser"] = Pair.Target.Options.MasterUser.Name,
            ["Target:AdminPassword"] = Pair.Target.Options.MasterUser.Password,
            [$"Endpoints:{Endpoint}:Host"] = Pair.Source.Host,
            [$"Endpoints:{Endpoint}:Port"] = Pair.Source.ImapPort.ToString(CultureInfo.InvariantCulture),
            [$"Endpoints:{Endpoint}:Security"] = "None",
            [$"Endpoints:{Endpoint}:AdminForm"] = "Dovecot",
            [$"Endpoints:{Endpoint}:AdminUser"] = Pair.Source.Options.MasterUser.Name,
            [$"Endpoints:{Endpoint}:AdminPassword"] = Pair.Source.Options.MasterUser.Password,
            ["Authorization:Admins:0"] = Admin.AadObjectId,
            ["Authorization:Approvers:0"] = Approver.AadObjectId,
        }, configure: null, cancellationToken);
}

/// <summary>A member of the Playground's mock tenant: its chat id and the Entra object id the bot sees.</summary>
internal sealed record PlaygroundPerson(string Id, string Name, string AadObjectId)
{
    public PlaygroundAccount Account => new(Id, null);
}
