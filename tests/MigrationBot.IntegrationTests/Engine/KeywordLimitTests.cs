using MailKit;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;
using MigrationBot.Engine.Verify;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A target whose PERMANENTFLAGS are Exchange Online's (no <c>\*</c>, so no new keywords): an Exchange-like
/// Dovecot behind <see cref="ExchangeOnlineProxy"/>. Keywords it cannot store are recorded per message and
/// counted in the report; the copy, its system flags and <c>$MDNSent</c> still arrive, and reruns do not keep
/// trying to set what the target cannot hold.
/// </summary>
public sealed class KeywordLimitTests
{
    [Fact]
    public async Task Migrate_KeywordsTheTargetCannotStore_AreRecordedPerMessageAndNeverRetried()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeTarget: true, cts.Token);
        await using var proxy = new ExchangeOnlineProxy(pair.Target.ImapPort);
        var now = DateTimeOffset.UtcNow;
        await using (var source = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await source.AppendAsync("INBOX", [
                SeedMessage.Text("labelled@kw.test", "labelled", now) with { Flags = MessageFlags.Seen, Keywords = ["$Project", "Work"] },
                SeedMessage.Text("receipt@kw.test", "receipt", now) with { Flags = MessageFlags.Flagged, Keywords = ["$MDNSent"] },
                SeedMessage.Text("later@kw.test", "later", now) with { Keywords = ["Later"] },
                SeedMessage.Text("plain@kw.test", "plain", now),
            ], cts.Token);
        }

        var job = pair.Job("alice") with { Target = new ImapEndpoint(pair.Target.Host, proxy.Port, ImapSecurity.None) };
        var runner = new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions(), TimeProvider.System);

        var report = await runner.RunAsync([job], null, cts.Token);
        var rerun = await runner.RunAsync([job], null, cts.Token);

        AssertMigration.Succeeded(report);
        Assert.True(proxy.Rewritten > 0, "the target's PERMANENTFLAGS should have come through the proxy");
        var inbox = Assert.Single(report.Mailboxes.Single().Folders, f => f.Copied > 0);
        Assert.Equal(4, inbox.Copied);
        Assert.Equal(2, inbox.KeywordsNotStored);
        Assert.Equal(["$Project Work", "Later"], inbox.UnstoredKeywords.Select(k => string.Join(' ', k.Keywords.Split(' ').Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal));

        await using (var ledger = await pair.Ledger.ForMailboxAsync(job.EmailAddress, cts.Token))
        {
            uint validity;
            await using (var source = await pair.Source.OpenMailboxAsync("alice", cts.Token))
                validity = await source.GetUidValidityAsync("INBOX", cts.Token);
            var notStored = (await ledger.LoadEntriesAsync(inbox.SourceFolder, validity, cts.Token)).Values
                .Where(e => e.KeywordsNotStored is not null)
                .Select(e => string.Join(' ', e.KeywordsNotStored!.Split(' ').Order(StringComparer.Ordinal)))
                .Order(StringComparer.Ordinal);
            Assert.Equal(["$Project Work", "Later"], notStored);
        }

        await using (var target = await pair.Target.OpenMailboxAsync(job.EmailAddress, cts.Token))
        {
            var copies = (await target.FetchAsync("INBOX", cts.Token)).ToDictionary(m => m.MessageId!);
            Assert.Empty(copies["labelled@kw.test"].Keywords);
            Assert.True(copies["labelled@kw.test"].Flags.HasFlag(MessageFlags.Seen));
            Assert.Equal(["$MDNSent"], copies["receipt@kw.test"].Keywords);
            Assert.True(copies["receipt@kw.test"].Flags.HasFlag(MessageFlags.Flagged));
            Assert.Empty(copies["later@kw.test"].Keywords);
        }

        var again = Assert.Single(rerun.Mailboxes);
        Assert.Equal(0, again.Copied);
        Assert.Equal(0, again.Folders.Sum(f => f.FlagsUpdated));
        AssertMigration.Identical([await Verifier.VerifyAsync(job, new MigrationOptions(), cts.Token)]);
    }
}
