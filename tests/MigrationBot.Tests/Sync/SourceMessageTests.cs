using System.Text;
using MigrationBot.Engine.Sync;
using MimeKit;

namespace MigrationBot.Tests.Sync;

public sealed class SourceMessageTests
{
    private static byte[] Written(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        message.WriteTo(format, output);
        return output.ToArray();
    }

    private static SourceMessage Load(byte[] bytes) => new(new MemoryStream(bytes));

    [Theory]
    [InlineData("From: a@example.com\r\nSubject: hi\r\nMessage-ID: <1@x>\r\n\r\nHello.\r\n")]
    [InlineData("Subject: folded\r\n  over two lines\r\nFrom: b@example.com\r\n\r\nbody\r\n")]
    [InlineData("Subject: Grüße aus Köln\r\nFrom: \"Jürgen\" <j@example.de>\r\n\r\n8-bit headers, raw UTF-8\r\n")]
    [InlineData("Subject: empty body\r\n\r\n")]
    [InlineData("Subject: no final newline\r\n\r\nlast line")]
    [InlineData("\r\nno header block: the message starts with its blank line\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b--\r\nepilogue\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\r\nno closing boundary\r\n")]
    public void ForMailKit_MessageMimeKitCanWriteBack_WritesTheSameBytes(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        using var message = Load(bytes);

        Assert.NotNull(message.ForMailKit);
        Assert.Equal(bytes, Written(message.ForMailKit));
    }

    [Theory]
    [InlineData("From sender@example.com Mon Jan  1 00:00:00 2024\r\nSubject: mbox\r\n\r\nbody\r\n")]
    [InlineData("\uFEFFSubject: byte-order mark first\r\n\r\nbody\r\n")]
    [InlineData("Subject: no blank line after the headers\r\n")]
    [InlineData("Subject: bare LF\n\nbody\n")]
    [InlineData("x")]
    [InlineData("")]
    public void ForMailKit_MessageMimeKitWouldChange_IsNoneAndTheBytesStayAsTheyCame(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        using var message = Load(bytes);

        Assert.Null(message.ForMailKit);
        message.Content.Position = 0;
        using var copy = new MemoryStream();
        message.Content.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, message.Length);
    }

    [Fact]
    public void ForMailKit_KeepsExactlyTheSourceHeaders_WithNoneAddedAndTheBodyUnparsed()
    {
        // No Date, no Message-ID, Content-* headers at the top: a new MimeMessage would add the first two.
        var bytes = Encoding.UTF8.GetBytes("Content-Type: text/plain\r\nSubject: bare\r\nReceived: a\r\nReceived: b\r\n\r\nbody\r\n");

        using var message = Load(bytes);

        Assert.Equal(["Content-Type", "Subject", "Received", "Received"], message.ForMailKit!.Headers.Select(h => h.Field));
        Assert.IsType<RawBody>(message.ForMailKit.Body);
        Assert.Equal(bytes, Written(message.ForMailKit));
    }

    [Fact]
    public async Task ForMailKit_ManyMessagesAtOnce_EachWritesBackItsOwnBytes()
    {
        // Parsers are pooled across loads; concurrent loads must never see each other's bytes.
        var messages = Enumerable.Range(0, 200)
            .Select(i => Encoding.UTF8.GetBytes($"Message-ID: <{i}@load.test>\r\nSubject: {new string('s', i)}\r\n\r\n{new string('b', i * 37)}\r\n"))
            .ToList();

        var loaded = await Task.WhenAll(messages.Select(bytes => Task.Run(() => Load(bytes))));

        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(messages[i], Written(loaded[i].ForMailKit!));
            loaded[i].Dispose();
        }
    }
}
