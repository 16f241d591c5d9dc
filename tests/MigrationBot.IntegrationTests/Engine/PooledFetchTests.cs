using MailKit;
using MailKit.Net.Imap;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Secrets;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// The engine's sessions FETCH message bodies into pooled buffers it can take over (no copy, no fresh arrays).
/// If MailKit stopped routing FETCH literals through <c>ImapFolder.CreateStream</c>, the copy would still be
/// correct but slower; this test says so instead of the benchmark.
/// </summary>
public sealed class PooledFetchTests
{
    [Fact]
    public async Task SessionFolders_FetchBodiesIntoStreamsTheEngineCanTakeOver()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await DovecotServer.StartAsync(new DovecotOptions { Users = [new DovecotUser("alice", "pw-1")] }, cts.Token);
        var seeded = new[]
        {
            SeedMessage.Text("small@pool.test", "small", DateTimeOffset.UtcNow),
            SeedMessage.Text("large@pool.test", "large", DateTimeOffset.UtcNow, string.Concat(Enumerable.Repeat(new string('x', 70) + "\r\n", 3000))),
        };
        await using (var mailbox = await server.OpenMailboxAsync("alice", cts.Token))
            await mailbox.AppendAsync("INBOX", seeded, cts.Token);

        using var client = await ImapSession.OpenAsync(
            new ImapEndpoint(server.Host, server.ImapPort, ImapSecurity.None), new PasswordLogin("alice", new Secret("pw-1")), cts.Token);
        var inbox = (ImapFolder)client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, cts.Token);
        var uids = await inbox.SearchAsync(MailKit.Search.SearchQuery.All, cts.Token);

        var fetched = new List<byte[]>();
        await inbox.GetStreamsAsync(uids, (_, _, _, stream, _) =>
        {
            var pooled = Assert.IsType<FetchedMessageStream>(stream);
            using var content = pooled.TakeContent();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            fetched.Add(copy.ToArray());
            return Task.CompletedTask;
        }, cts.Token);
        await using var single = await inbox.GetStreamAsync(uids[0], cts.Token);

        Assert.Equal(seeded.Select(m => m.Raw), fetched);
        Assert.IsType<FetchedMessageStream>(single);
    }
}
