using MailKit;
using MailKit.Net.Imap;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Fixtures;

public sealed class DovecotSeedingTests(DovecotFixture fixture) : IClassFixture<DovecotFixture>
{
    private static readonly DateTimeOffset Received = new(2023, 4, 5, 6, 7, 8, TimeSpan.FromHours(2));
    private readonly DovecotServer _server = fixture.Server;

    [Fact]
    public async Task Folders_AreMaildirPlusPlusWithAutoCreatedSpecialUse()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("bob", cts.Token);

        var folders = await mailbox.ListFoldersAsync(cts.Token);

        Assert.Equal('.', mailbox.Client.PersonalNamespaces[0].DirectorySeparator);
        Assert.True(mailbox.Client.Capabilities.HasFlag(ImapCapabilities.SpecialUse));
        Assert.Contains(folders, f => f.FullName == "Sent" && f.Attributes.HasFlag(FolderAttributes.Sent));
        Assert.Contains(folders, f => f.FullName == "Drafts" && f.Attributes.HasFlag(FolderAttributes.Drafts));
        Assert.Contains(folders, f => f.FullName == "Trash" && f.Attributes.HasFlag(FolderAttributes.Trash));
        Assert.Contains(folders, f => f.FullName == "Junk" && f.Attributes.HasFlag(FolderAttributes.Junk));
        Assert.Contains(folders, f => f.FullName == "Archive" && f.Attributes.HasFlag(FolderAttributes.Archive));
    }

    [Fact]
    public async Task Append_Bulk_KeepsFlagsKeywordsAndInternalDates()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("alice", cts.Token);
        await mailbox.CreateFolderAsync("Bulk.Nested", cts.Token);
        var messages = Enumerable.Range(0, 450).Select(i => SeedMessage.Text($"bulk-{i}@test", $"bulk {i}", Received.AddMinutes(-i)) with
        {
            Flags = i % 2 == 0 ? MessageFlags.Seen : MessageFlags.Flagged,
            Keywords = i % 3 == 0 ? ["$Label1", "Project"] : [],
        }).ToList();

        var uids = await mailbox.AppendAsync("Bulk.Nested", messages, cts.Token);
        var stored = await mailbox.FetchAsync("Bulk.Nested", cts.Token);

        Assert.True(mailbox.Client.Capabilities.HasFlag(ImapCapabilities.MultiAppend));
        Assert.Equal(450, uids.Distinct().Count());
        Assert.Equal(450, stored.Count);
        var third = stored.Single(m => m.MessageId == "bulk-3@test");
        Assert.Equal(MessageFlags.Flagged, third.Flags & ~MessageFlags.Recent);
        Assert.Equal(["$Label1", "Project"], third.Keywords.Order(StringComparer.Ordinal));
        Assert.Equal(Received.AddMinutes(-3), third.InternalDate);
    }

    [Fact]
    public async Task Flags_SetAddAndRemove_AreStored()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("alice", cts.Token);
        await mailbox.CreateFolderAsync("FlagWork", cts.Token);
        var uid = await mailbox.AppendAsync("FlagWork", SeedMessage.Text("flags@test", "flags", Received), cts.Token);

        await mailbox.AddFlagsAsync("FlagWork", [uid], MessageFlags.Seen | MessageFlags.Answered, ["Todo"], cts.Token);
        await mailbox.RemoveFlagsAsync("FlagWork", [uid], MessageFlags.Answered, null, cts.Token);
        var afterRemove = Assert.Single(await mailbox.FetchAsync("FlagWork", cts.Token));
        await mailbox.SetFlagsAsync("FlagWork", [uid], MessageFlags.Draft, [], cts.Token);
        var afterSet = Assert.Single(await mailbox.FetchAsync("FlagWork", cts.Token));

        Assert.Equal(MessageFlags.Seen, afterRemove.Flags & ~MessageFlags.Recent);
        Assert.Equal(["Todo"], afterRemove.Keywords);
        Assert.Equal(MessageFlags.Draft, afterSet.Flags & ~MessageFlags.Recent);
        Assert.Empty(afterSet.Keywords);
    }

    [Fact]
    public async Task FetchRaw_ReturnsTheAppendedBytes()
    {
        using var cts = Deadline();
        await using var mailbox = await _server.OpenMailboxAsync("alice", cts.Token);
        await mailbox.CreateFolderAsync("Raw", cts.Token);
        var message = SeedMessage.Text("raw@test", "raw", Received, "Line one\r\nLine two\r\n");

        var uid = await mailbox.AppendAsync("Raw", message, cts.Token);

        Assert.Equal(message.Raw, await mailbox.FetchRawAsync("Raw", uid, cts.Token));
    }

    [Fact]
    public async Task ResetUidValidity_ChangesItAndKeepsMessagesFlagsAndDates()
    {
        using var cts = Deadline();
        const string folder = "Reset.Me";
        IReadOnlyList<SeededMessage> before;
        await using (var mailbox = await _server.OpenMailboxAsync("bob", cts.Token))
        {
            await mailbox.CreateFolderAsync(folder, cts.Token);
            await mailbox.AppendAsync(folder,
            [
                SeedMessage.Text("r1@test", "one", Received) with { Flags = MessageFlags.Seen, Keywords = ["Kept"] },
                SeedMessage.Text("r2@test", "two", Received.AddDays(-1)) with { Flags = MessageFlags.Flagged },
                SeedMessage.Text("r3@test", "three", Received.AddDays(-2)),
            ], cts.Token);
            before = await mailbox.FetchAsync(folder, cts.Token);
        }

        var (oldValidity, newValidity) = await _server.ResetUidValidityAsync("bob", folder, cts.Token);

        await using var after = await _server.OpenMailboxAsync("bob", cts.Token);
        Assert.NotEqual(oldValidity, newValidity);
        Assert.Equal(newValidity, await after.GetUidValidityAsync(folder, cts.Token));
        var messages = await after.FetchAsync(folder, cts.Token);
        Assert.Equal(Describe(before), Describe(messages));
    }

    [Fact]
    public async Task ResetUidValidity_OfInbox_ChangesIt()
    {
        using var cts = Deadline();
        await using (var mailbox = await _server.OpenMailboxAsync("bob", cts.Token))
            await mailbox.AppendAsync("INBOX", SeedMessage.Text("inbox-reset@test", "inbox", Received), cts.Token);

        var (oldValidity, newValidity) = await _server.ResetUidValidityAsync("bob", "INBOX", cts.Token);

        Assert.NotEqual(oldValidity, newValidity);
    }

    private static string[] Describe(IEnumerable<SeededMessage> messages) =>
        messages
            .Select(m => $"{m.MessageId} {m.Flags & ~MessageFlags.Recent} {string.Join(',', m.Keywords.Order(StringComparer.Ordinal))} {m.InternalDate:O}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static CancellationTokenSource Deadline() => new(TimeSpan.FromMinutes(1));
}
