using System.Security.Cryptography;
using System.Text;
using MigrationBot.IntegrationTests.Servers;

namespace MigrationBot.IntegrationTests.Engine;

/// <summary>
/// Messages that real mailboxes hold and that a MIME parser refuses or rewrites: each byte of each must survive the
/// copy. Written for these tests (no outside corpus): one per kind the engine must carry verbatim.
/// </summary>
internal static class HostileCorpus
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public static IReadOnlyList<(string Name, byte[] Raw)> Messages { get; } =
    [
        ("mbox From line", Bytes("From sender@example.test Mon Jan  1 00:00:00 2024\r\nFrom: a@example.test\r\nSubject: mbox envelope first\r\n\r\nbody\r\n")),
        ("UTF-8 byte-order mark", [0xEF, 0xBB, 0xBF, .. Bytes("From: a@example.test\r\nSubject: BOM first\r\n\r\nbody\r\n")]),
        ("blank first line", Bytes("\r\nbody after a blank first line, so no header block at all\r\n")),
        ("binary junk", [.. Enumerable.Range(1, 255).Select(b => (byte)b).Where(b => b is not (byte)'\r' and not (byte)'\n'), 13, 10]),
        ("NUL bytes", Bytes("Subject: NUL in the body\r\nFrom: a@example.test\r\n\r\nab\0cd\0\0ef\r\n")),
        ("bare LF line ends", Bytes("Subject: bare LF\nFrom: a@example.test\n\nline one\nline two\n")),
        // Ends in CRLF: Dovecot drops a lone CR at the very end of an APPEND literal when it saves (its CRLF-to-LF
        // conversion holds the CR back for an LF that never comes), which no IMAP client can avoid.
        ("bare CR line ends", Bytes("Subject: bare CR\rFrom: a@example.test\r\rline one\rline two\r\n")),
        ("header block without a body", Bytes("Subject: headers only\r\nFrom: a@example.test\r\n")),
        ("8-bit and invalid UTF-8 headers", Latin1.GetBytes("Subject: caf\u00e9 \u00ff\u00fe\r\nFrom: \u00c3\u0028 <a@example.test>\r\n\r\nbody\r\n")),
        ("lines over 998 bytes", Bytes($"Subject: {new string('s', 2000)}\r\nFrom: a@example.test\r\n\r\n{new string('b', 5000)}\r\n")),
        ("1 byte", Bytes("x")),
        ("0 bytes", []),
        ("nested message/rfc822 with broken boundaries", Bytes(
            "Subject: nested\r\nFrom: a@example.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
            "--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n" +
            "--inner\r\nContent-Type: text/plain\r\n\r\nnever closed\r\n--outer-\r\n--inne\r\n")),
    ];

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The SHA-256 of a message's bytes, in hex.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Every message of the user's INBOX: its UID, the hash of its bytes and how it starts.</summary>
    public static async Task<List<(uint Uid, string Hash, string Start)>> AllBytesAsync(DovecotServer server, string user, CancellationToken ct)
    {
        await using var mailbox = await server.OpenMailboxAsync(user, ct);
        var result = new List<(uint, string, string)>();
        foreach (var message in await mailbox.FetchAsync("INBOX", ct))
        {
            var raw = await mailbox.FetchRawAsync("INBOX", message.Uid, ct);
            result.Add((message.Uid.Id, Hash(raw), Show(raw)));
        }

        return result;
    }

    /// <summary>The first bytes of a message, control bytes escaped, for a failure message a person can read.</summary>
    private static string Show(byte[] raw) =>
        $"{raw.Length} bytes: " + string.Concat(raw.Take(80).Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:X2}"));
}
