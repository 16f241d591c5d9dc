using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MigrationBot.Engine.Imap;
using MigrationBot.Engine.Sync;
using MigrationBot.Engine.Verify;
using MigrationBot.IntegrationTests.Fixtures;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// A source whose INTERNALDATE MailKit cannot read: it reads a date-time only from 1969 on, and gives year 1 for an
/// earlier one. Dovecot cannot keep such a date for long (its index cache wraps one before 1970 to 2101), so the
/// source's answers pass through a proxy that turns one date into 1601. The target's dates are read in its own words
/// (a raw FETCH), since MailKit would read year 1 there as well.
/// </summary>
public sealed partial class ReceivedDateTests
{
    private const string Marker = "02-Jan-2001 03:04:05 +0000";
    private const string Unreadable = "02-Jan-1601 03:04:05 +0000";
    private static readonly DateTimeOffset MarkerDate = new(2001, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Recent = new(2024, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Migrate_SourceDatesBefore1969_ArriveAsTheirDateHeaderSaysOrAsTheEpoch_NeverAsYearOne_AndARerunCopiesNothing(bool exchangeLikeTarget)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var pair = await MigrationPair.StartAsync(["alice"], exchangeLikeTarget, cts.Token);
        var sent = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.FromHours(-5));
        await using (var mailbox = await pair.Source.OpenMailboxAsync("alice", cts.Token))
        {
            await mailbox.AppendAsync("INBOX",
            [
                SeedMessage.Text("dated@dates.test", "unreadable, dated", sent) with { InternalDate = MarkerDate },
                new SeedMessage(Encoding.ASCII.GetBytes("From: a@dates.test\r\nSubject: unreadable, undated\r\nMessage-ID: <undated@dates.test>\r\n\r\nbody\r\n")) { InternalDate = MarkerDate },
                SeedMessage.Text("recent@dates.test", "recent", Recent),
            ], cts.Token);
        }

        await using var proxy = new ResponseRewritingProxy(pair.Source.ImapPort, $"INTERNALDATE \"{Marker}\"", $"INTERNALDATE \"{Unreadable}\"");
        var job = pair.Job("alice") with { Source = new ImapEndpoint(pair.Source.Host, proxy.Port, ImapSecurity.None) };
        var runner = new MigrationRunner(pair.Ledger, pair.Memory, new MigrationOptions { InitialBackoff = TimeSpan.FromMilliseconds(50) }, TimeProvider.System);

        var report = Assert.Single((await runner.RunAsync([job], null, cts.Token)).Mailboxes);

        Assert.True(proxy.Replaced >= 2, $"the proxy rewrote {proxy.Replaced} dates");
        Assert.Equal(3, report.Copied);
        Assert.Equal(0, report.Failed);
        Assert.Equal(sent, await ReceivedOnTargetAsync(pair, "unreadable, dated", cts.Token));
        Assert.Equal(DateTimeOffset.UnixEpoch, await ReceivedOnTargetAsync(pair, "unreadable, undated", cts.Token));
        Assert.Equal(Recent, await ReceivedOnTargetAsync(pair, "recent", cts.Token));

        var rerun = Assert.Single((await runner.RunAsync([job], null, cts.Token)).Mailboxes);
        Assert.Equal(0, rerun.Copied);
        var verification = await Verifier.VerifyAsync(job, new MigrationOptions(), cts.Token);
        Assert.True(verification.IsIdentical, string.Join("; ", verification.Folders));
    }

    /// <summary>The INTERNALDATE of the one INBOX message of the target with this subject, as the server words it.</summary>
    private static async Task<DateTimeOffset> ReceivedOnTargetAsync(MigrationPair pair, string subject, CancellationToken ct)
    {
        var user = MigrationPair.EmailOf("alice");
        using var imap = await RawImap.ConnectAsync(pair.Target.Host, pair.Target.ImapPort, ct);
        await ExpectOkAsync(imap, $"LOGIN \"{user}\" \"{pair.Target.PasswordOf(user)}\"", ct);
        await ExpectOkAsync(imap, "EXAMINE INBOX", ct);
        var search = await ExpectOkAsync(imap, $"UID SEARCH SUBJECT \"{subject}\"", ct);
        var uid = Assert.Single(search.Single(l => l.StartsWith("* SEARCH", StringComparison.Ordinal)).Split(' ').Skip(2));
        var fetch = await ExpectOkAsync(imap, $"UID FETCH {uid} (INTERNALDATE)", ct);
        var date = InternalDate().Match(string.Join("\n", fetch));
        Assert.True(date.Success, string.Join("\n", fetch));
        // RFC 3501 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz" (the day may be space-padded).
        var parts = date.Groups[1].Value.Trim().Split(' ');
        var local = DateTime.ParseExact($"{parts[0]} {parts[1]}", "d-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var zone = parts[2];
        var offset = new TimeSpan(int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture), 0);
        return new DateTimeOffset(local, zone[0] == '-' ? -offset : offset);
    }

    private static async Task<IReadOnlyList<string>> ExpectOkAsync(RawImap imap, string command, CancellationToken ct)
    {
        var lines = await imap.SendAsync(command, ct);
        Assert.Matches(@"^t\d+ OK", lines[^1]);
        return lines;
    }

    [GeneratedRegex("INTERNALDATE \"([^\"]+)\"")]
    private static partial Regex InternalDate();
}
