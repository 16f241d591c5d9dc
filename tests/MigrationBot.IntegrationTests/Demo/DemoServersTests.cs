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
        Assert.Null(_demo.Target.ThrottlingPort);

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

    [Fact]
    public async Task DemoServers_Started_TheGraphStandInAnswersForThePlaygroundsPeople_InGraphsShapes()
    {
        using var cts = Deadline();
        using var http = new HttpClient();
        var baseUrl = _demo.Graph.BaseUrl.TrimEnd('/');
        Assert.StartsWith("http://127.0.0.1:", baseUrl, StringComparison.Ordinal);
        Assert.Equal(
            [("alice@contoso.test", "00000000-0000-0000-0000-0000000000020", "Alex Wilber"), ("bob@contoso.test", "00000000-0000-0000-0000-0000000000021", "Megan Bowen"),
             ("carol@contoso.test", "00000000-0000-0000-0000-0000000000022", "Adele Vance")],
            _demo.Graph.Users.Select(u => (u.EmailAddress, u.ObjectId, u.DisplayName)));

        async Task<(System.Net.HttpStatusCode Status, System.Text.Json.JsonElement Body)> GetAsync(string path, bool bearer = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + path);
            if (bearer)
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "any");
            using var response = await http.SendAsync(request, cts.Token);
            using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token));
            return (response.StatusCode, body.RootElement.Clone());
        }

        var (status, alice) = await GetAsync("/users/alice@contoso.test?$select=id,displayName,accountEnabled,userPrincipalName,mail,assignedPlans");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("00000000-0000-0000-0000-0000000000020", alice.GetProperty("id").GetString());
        Assert.True(alice.GetProperty("accountEnabled").GetBoolean());
        Assert.Contains(alice.GetProperty("assignedPlans").EnumerateArray(), p => p.GetProperty("service").GetString() == "exchange" && p.GetProperty("capabilityStatus").GetString() == "Enabled");
        var (_, settings) = await GetAsync("/users/00000000-0000-0000-0000-0000000000022/mailboxSettings");
        Assert.Equal(("Asia/Tokyo", "ja-JP"), (settings.GetProperty("timeZone").GetString(), settings.GetProperty("language").GetProperty("locale").GetString()));
        var (_, domains) = await GetAsync("/domains?$select=id,isVerified");
        Assert.Contains(domains.GetProperty("value").EnumerateArray(), d => d.GetProperty("id").GetString() == "contoso.test" && d.GetProperty("isVerified").GetBoolean());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await GetAsync("/users/nobody@contoso.test")).Status);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await GetAsync("/domains", bearer: false)).Status);
    }

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromMinutes(1));
}
