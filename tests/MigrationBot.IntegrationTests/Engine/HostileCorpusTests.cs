using MigrationBot.Engine.Reports;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

public sealed class HostileCorpusTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Migrate_MessagesNoMimeParserAccepts_EachArrivesByteIdenticalOrFailsAloneWithTheServersWords(bool exchangeLikeTarget)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The Exchange-like target has no MULTIAPPEND: every message goes through the pipelined APPEND connections.
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeLikeTarget, cts.Token);
        var received = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        // Ordinary messages on both sides of the awkward ones: a bad message must not stop its neighbours.
        var messages = new List<(byte[] Raw, DateTimeOffset Received)> { (Ordinary("before"), received) };
        messages.AddRange(HostileCorpus.Messages.Select((m, i) => (m.Raw, received.AddMinutes(i + 1))));
        messages.Add((Ordinary("after"), received.AddHours(1)));
        await pair.Source.DeliverRawAsync("alice", "INBOX", messages, cts.Token);
        var sourceBytes = await HostileCorpus.AllBytesAsync(pair.Source, "alice", cts.Token);

        var report = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);

        var targetBytes = await HostileCorpus.AllBytesAsync(pair.Target, MigrationPair.EmailOf("alice"), cts.Token);
        var refused = report.Folders.SelectMany(f => f.Skips).ToList();
        // Every failure is the target's refusal of one message, in the target's words, with its UID and size.
        Assert.All(refused, r => Assert.Contains("refused by the target", r.Reason, StringComparison.Ordinal));
        Assert.All(refused, r => Assert.True(r.Uid > 0));
        Assert.Equal(refused.Count, report.Failed);
        Assert.Equal(refused.Count == 0 ? MailboxOutcome.Succeeded : MailboxOutcome.CompletedWithErrors, report.Outcome);
        // Each message the target accepted holds exactly the source's bytes; none is there twice.
        var expected = sourceBytes.Where(s => !refused.Any(r => r.Uid == s.Uid)).ToList();
        var missing = expected.Where(s => !targetBytes.Any(t => t.Hash == s.Hash)).Select(s => s.Start).ToList();
        var extra = targetBytes.Where(t => !expected.Any(s => s.Hash == t.Hash)).Select(t => t.Start).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"not on the target: {string.Join(" | ", missing)}\nchanged on the target: {string.Join(" | ", extra)}");
        Assert.Equal(expected.Select(s => s.Hash).Order(), targetBytes.Select(t => t.Hash).Order());
        Assert.Equal(sourceBytes.Count - refused.Count, report.Copied);
        Assert.Contains(HostileCorpus.Hash(Ordinary("after")), targetBytes.Select(t => t.Hash));
        // Most of them must arrive, not merely fail politely: only the 0-byte message may be refused here.
        Assert.True(refused.Count <= 1, "refused: " + string.Join("; ", refused.Select(r => $"UID {r.Uid} ({r.Size} bytes): {r.Reason}")));

        var rerun = Assert.Single((await pair.MigrateAsync(cancellationToken: cts.Token)).Mailboxes);
        Assert.Equal(0, rerun.Copied);
        Assert.Equal(targetBytes.Count, (await HostileCorpus.AllBytesAsync(pair.Target, MigrationPair.EmailOf("alice"), cts.Token)).Count);
    }

    private static byte[] Ordinary(string subject) =>
        System.Text.Encoding.ASCII.GetBytes($"From: a@example.test\r\nSubject: {subject}\r\nMessage-ID: <{subject}@hostile.test>\r\n\r\nordinary\r\n");
}
