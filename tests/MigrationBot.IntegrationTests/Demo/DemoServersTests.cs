using System.Runtime.Versioning;

namespace MigrationBot.IntegrationTests.Demo;

public sealed class DemoServersTests(DemoServersFixture fixture) : IClassFixture<DemoServersFixture>
{
    private static readonly string[] Users = ["alice", "bob", "carol"];

    private readonly DemoFile _demo = fixture.File;

    [Fact]
    public async Task DemoServers_Started_SourceMailboxesHoldTheCorpus()
    {
        using var cts = Deadline();
        var users = _demo.Source.Users ?? [];
        Assert.Equal(Users, users.Select(u => u.Name));

        foreach (var user in users)
        {
            using var client = await DemoImap.LoginAsync(_demo.Source, user.Name, user.Password, cts.Token);
            var folders = await DemoImap.FoldersAsync(client, cts.Token);

            Assert.True(user.Messages > 0, $"{user.Name} has no messages in demo.json");
            Assert.Equal(user.Messages, folders.Sum(f => f.Count));
            Assert.True(folders.Count(f => f.Count > 0) > 1, $"{user.Name}'s mail is in one folder: {string.Join(", ", folders)}");
            Assert.Equal($"{user.Name}@contoso.test", user.EmailAddress);
            await client.DisconnectAsync(quit: true, cts.Token);
        }
    }

    [Fact]
    public async Task DemoServers_Started_TargetAcceptsTheMasterLoginForEachAddress()
    {
        using var cts = Deadline();
        Assert.Equal("admin", _demo.Target.MasterUser);

        foreach (var user in Users)
        {
            using var client = await DemoImap.LoginAsync(_demo.Target, $"{user}@contoso.test*admin", _demo.Target.MasterPassword, cts.Token);
            var folders = await DemoImap.FoldersAsync(client, cts.Token);

            Assert.Equal('/', client.PersonalNamespaces[0].DirectorySeparator);
            Assert.Contains(folders, f => f.Name == "INBOX");
            Assert.All(folders, f => Assert.Equal(0, f.Count));
            await client.DisconnectAsync(quit: true, cts.Token);
        }
    }

    [Fact]
    public async Task DemoServers_Started_BothCsvFormsLogInToTheSource()
    {
        using var cts = Deadline();
        var users = _demo.Source.Users ?? [];
        Assert.Equal(
            "EmailAddress,UserName,Password\n" + string.Concat(users.Select(u => $"{u.EmailAddress},{u.Name},{u.Password}\n")),
            _demo.UsersCsv);
        Assert.Equal(
            "EmailAddress,UserName,Password\n" + string.Concat(users.Select(u => $"{u.EmailAddress},{u.Name}*admin,{_demo.Source.MasterPassword}\n")),
            _demo.AdminCsv);

        foreach (var csv in new[] { _demo.UsersCsv, _demo.AdminCsv })
        {
            foreach (var row in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')))
            {
                using var client = await DemoImap.LoginAsync(_demo.Source, row[1], row[2], cts.Token);
                var folders = await DemoImap.FoldersAsync(client, cts.Token);

                // The row's login opens the mailbox of the row's user (alice*admin opens alice's).
                Assert.Equal(users.Single(u => u.EmailAddress == row[0]).Messages, folders.Sum(f => f.Count));
                await client.DisconnectAsync(quit: true, cts.Token);
            }
        }
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task DemoServers_Started_WritesTheCsvFilesBesideDemoJsonForTheOwnerOnly()
    {
        using var cts = Deadline();
        var directory = fixture.Process.Directory;
        var usersCsv = Path.Combine(directory, "demo-users.csv");
        var adminCsv = Path.Combine(directory, "demo-admin.csv");

        Assert.Equal(_demo.UsersCsv, await File.ReadAllTextAsync(usersCsv, cts.Token));
        Assert.Equal(_demo.AdminCsv, await File.ReadAllTextAsync(adminCsv, cts.Token));
        foreach (var file in new[] { fixture.Process.JsonFile, usersCsv, adminCsv })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromMinutes(1));
}
