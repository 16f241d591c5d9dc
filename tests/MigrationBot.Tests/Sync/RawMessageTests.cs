using System.Text;
using MigrationBot.Engine.Sync;
using MimeKit;

namespace MigrationBot.Tests.Sync;

public sealed class RawMessageTests
{
    private static byte[] Written(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        message.WriteTo(format, output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("From: a@example.com\r\nSubject: hi\r\nMessage-ID: <1@x>\r\n\r\nHello.\r\n")]
    [InlineData("Subject: folded\r\n  over two lines\r\nFrom: b@example.com\r\n\r\nbody\r\n")]
    [InlineData("Subject: Grüße aus Köln\r\nFrom: \"Jürgen\" <j@example.de>\r\n\r\n8-bit headers, raw UTF-8\r\n")]
    [InlineData("Subject: empty body\r\n\r\n")]
    [InlineData("Subject: no final newline\r\n\r\nlast line")]
    [InlineData("From: a@example.com\r\nthis is not a header\r\n\r\nbody\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b--\r\nepilogue\r\n")]
    [InlineData("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\r\nno closing boundary\r\n")]
    public async Task Load_AnyMessage_WritesBackTheSameBytes(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);

        using var message = await RawMessage.CopyAndLoadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes, Written(message));
    }

    [Fact]
    public async Task Load_MessageEndingInsideItsHeaders_GainsOnlyTheEmptyLineThatEndsAHeaderBlock()
    {
        // MimeKit always writes the line that ends a header block; RFC 5322 allows leaving it out when there is no
        // body. The copy differs by exactly those two bytes (a known, documented limit).
        var bytes = Encoding.UTF8.GetBytes("Subject: no blank line after the headers\r\n");

        using var message = await RawMessage.CopyAndLoadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal([.. bytes, 13, 10], Written(message));
    }

    [Fact]
    public async Task Load_Headers_AreReadableForTheContentKey()
    {
        var bytes = Encoding.UTF8.GetBytes("Message-ID: <key@example.com>\r\nSubject: s\r\n\r\nbody\r\n");

        using var message = await RawMessage.CopyAndLoadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal("key@example.com", message.MessageId);
    }

    [Fact]
    public async Task Load_KeepsExactlyTheSourceHeaders_WithNoneAddedAndTheBodyUnparsed()
    {
        // No Date, no Message-ID, Content-* headers at the top: a new MimeMessage would add the first two.
        var bytes = Encoding.UTF8.GetBytes("Content-Type: text/plain\r\nSubject: bare\r\nReceived: a\r\nReceived: b\r\n\r\nbody\r\n");

        using var message = await RawMessage.CopyAndLoadAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(["Content-Type", "Subject", "Received", "Received"], message.Headers.Select(h => h.Field));
        Assert.IsType<RawBody>(message.Body);
        Assert.Equal(bytes, Written(message));
    }

    [Fact]
    public async Task Load_ManyMessagesAtOnce_EachWritesBackItsOwnBytes()
    {
        // Parsers are pooled across loads; concurrent loads must never see each other's bytes.
        var messages = Enumerable.Range(0, 200)
            .Select(i => Encoding.UTF8.GetBytes($"Message-ID: <{i}@load.test>\r\nSubject: {new string('s', i)}\r\n\r\n{new string('b', i * 37)}\r\n"))
            .ToList();

        var loaded = await Task.WhenAll(messages.Select(bytes => Task.Run(() => RawMessage.CopyAndLoadAsync(new MemoryStream(bytes), CancellationToken.None))));

        for (var i = 0; i < messages.Count; i++)
        {
            Assert.Equal(messages[i], Written(loaded[i]));
            loaded[i].Dispose();
        }
    }
}
