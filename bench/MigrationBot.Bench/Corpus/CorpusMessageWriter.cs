using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MigrationBot.Bench.Corpus;

/// <summary>
/// Produces a message's raw bytes from its <see cref="CorpusContent"/>, chunk by chunk: headers, a text body of
/// random words filled to the exact target size, and for attachments a base64 part (RFC 2045 §6.8, 76-char lines).
/// </summary>
internal static class CorpusMessageWriter
{
    private const int LineBytes = 78; // 76 characters + CRLF (RFC 2045 §6.8 limit, also fine for text)
    private const int RawPerBase64Line = 57;
    private const int LinesPerChunk = 840; // ~64 KB of output per chunk

    // 26 letters and 6 spaces: indexed by a random byte's low 5 bits.
    private static readonly byte[] Alphabet = "abcdefghijklmnopqrstuvwxyz      "u8.ToArray();

    private static readonly string[] Senders = ["Alice Martin", "Bob Chen", "Carla Rossi", "Dmitri Ivanov", "Emma Schmidt"];
    private static readonly string[] EightBitSenders = ["Zoë Ünal", "Łukasz Żółć", "山田 太郎", "Ольга Петрова", "José Núñez"];
    private static readonly string[] EightBitSubjects = ["Réunion de lundi", "日本語の件名", "Привет из Москвы", "Grüße aus Köln"];

    public static long SizeOf(CorpusContent content) => Layout.Of(content).Size;

    public static IEnumerable<ReadOnlyMemory<byte>> Chunks(CorpusContent content)
    {
        var layout = Layout.Of(content);
        yield return layout.Head;

        var random = new CorpusByteSource(content.Seed);
        foreach (var chunk in TextLines(random, layout.TextBytes))
        {
            yield return chunk;
        }

        if (layout.AttachmentHead.Length == 0)
        {
            yield break;
        }

        yield return layout.AttachmentHead;
        foreach (var chunk in Base64Lines(random, content.AttachmentBytes))
        {
            yield return chunk;
        }

        yield return layout.Tail;
    }

    /// <summary>Exactly <paramref name="total"/> bytes of CRLF-terminated lines of random words.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> TextLines(CorpusByteSource random, long total)
    {
        var buffer = new byte[LineBytes * LinesPerChunk];
        var remaining = total;
        while (remaining > 0)
        {
            // Random letters and spaces for the whole chunk first, then the line structure over them.
            var size = (int)Math.Min(buffer.Length, remaining);
            var chunk = buffer.AsSpan(0, size);
            random.Fill(chunk);
            foreach (ref var b in chunk)
            {
                b = Alphabet[b & 31];
            }

            var used = 0;
            while (remaining > 0 && used + LineBytes <= buffer.Length)
            {
                // A last piece of 1 byte cannot be a line (CRLF is 2): shorten this line so 2+ bytes remain.
                var length = remaining == LineBytes || remaining >= LineBytes + 2 ? LineBytes
                    : remaining > LineBytes ? LineBytes - 1
                    : (int)remaining;
                var line = buffer.AsSpan(used, length);
                if (length > 2 && line[0] == (byte)' ')
                {
                    line[0] = (byte)'e'; // never a leading space, so never a folded or boundary-like line
                }

                line[^2] = (byte)'\r';
                line[^1] = (byte)'\n';
                used += length;
                remaining -= length;
            }

            yield return buffer.AsMemory(0, used);
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Base64Lines(CorpusByteSource random, long rawBytes)
    {
        var raw = new byte[RawPerBase64Line * LinesPerChunk];
        var output = new byte[LineBytes * LinesPerChunk];
        var remaining = rawBytes;
        while (remaining > 0)
        {
            var take = (int)Math.Min(raw.Length, remaining);
            random.Fill(raw.AsSpan(0, take));
            var used = 0;
            for (var offset = 0; offset < take; offset += RawPerBase64Line)
            {
                var line = raw.AsSpan(offset, Math.Min(RawPerBase64Line, take - offset));
                Base64.EncodeToUtf8(line, output.AsSpan(used), out _, out var written);
                used += written;
                output[used++] = (byte)'\r';
                output[used++] = (byte)'\n';
            }

            remaining -= take;
            yield return output.AsMemory(0, used);
        }
    }

    private static long Base64Size(long raw) =>
        raw / RawPerBase64Line * LineBytes + (raw % RawPerBase64Line == 0 ? 0 : (raw % RawPerBase64Line + 2) / 3 * 4 + 2);

    /// <summary>The fixed parts of a message and the byte counts of its generated parts.</summary>
    private sealed record Layout(byte[] Head, long TextBytes, byte[] AttachmentHead, byte[] Tail)
    {
        public long Size => Head.Length + TextBytes + AttachmentHead.Length + (AttachmentHead.Length == 0 ? 0 : Base64SizeOf) + Tail.Length;

        public long Base64SizeOf { get; private init; }

        public static Layout Of(CorpusContent content)
        {
            var random = new Random(content.Seed);
            var multipart = content.AttachmentBytes > 0;
            var boundary = string.Create(CultureInfo.InvariantCulture, $"=_corpus_{content.Seed:x8}");
            var charset = content.EightBitHeaders ? "utf-8" : "us-ascii";

            var head = new StringBuilder();
            var date = FormatDate(content.Date);
            head.Append("Received: from mx.example.org by mail.").Append(content.To.Split('@')[1]).Append("; ").Append(date).Append("\r\n");
            if (content.MessageId is not null)
            {
                head.Append("Message-ID: ").Append(content.MessageId).Append("\r\n");
            }

            var senders = content.EightBitHeaders ? EightBitSenders : Senders;
            var sender = senders[random.Next(senders.Length)];
            var subject = content.EightBitHeaders
                ? EightBitSubjects[random.Next(EightBitSubjects.Length)]
                : "Corpus message " + random.Next(100_000).ToString(CultureInfo.InvariantCulture);
            head.Append("Date: ").Append(date).Append("\r\n")
                .Append("From: \"").Append(sender).Append("\" <sender").Append(random.Next(10).ToString(CultureInfo.InvariantCulture)).Append("@example.org>\r\n")
                .Append("To: <").Append(content.To).Append(">\r\n")
                .Append("Subject: ").Append(subject).Append(" #").Append(content.Number.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
                .Append("X-Corpus-Id: ").Append(content.User).Append('/').Append(content.Number.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
                .Append("MIME-Version: 1.0\r\n");

            var textPart = $"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 7bit\r\n";
            if (!multipart)
            {
                head.Append(textPart).Append("\r\n");
            }
            else
            {
                head.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\r\n\r\n")
                    .Append("This is a multi-part message in MIME format.\r\n")
                    .Append("--").Append(boundary).Append("\r\n")
                    .Append(textPart).Append("\r\n");
            }

            var headBytes = Encoding.UTF8.GetBytes(head.ToString());
            var attachmentHead = multipart
                ? Encoding.ASCII.GetBytes(
                    $"--{boundary}\r\nContent-Type: application/octet-stream; name=\"attachment-{content.Number}.bin\"\r\n"
                    + $"Content-Disposition: attachment; filename=\"attachment-{content.Number}.bin\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n")
                : [];
            var tail = multipart ? Encoding.ASCII.GetBytes($"--{boundary}--\r\n") : [];
            var base64 = multipart ? Base64Size(content.AttachmentBytes) : 0;

            var fixedBytes = headBytes.Length + attachmentHead.Length + base64 + tail.Length;
            var text = Math.Max(2, content.TargetSize - fixedBytes);
            return new Layout(headBytes, text, attachmentHead, tail) { Base64SizeOf = base64 };
        }

        // RFC 5322 §3.3 date-time, always in English.
        private static string FormatDate(DateTimeOffset date)
        {
            var offset = date.Offset;
            var sign = offset < TimeSpan.Zero ? '-' : '+';
            return string.Create(CultureInfo.InvariantCulture,
                $"{date:ddd, dd MMM yyyy HH:mm:ss} {sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}");
        }
    }
}
