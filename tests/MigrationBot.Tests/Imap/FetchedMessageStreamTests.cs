using MigrationBot.Engine.Imap;

namespace MigrationBot.Tests.Imap;

public sealed class FetchedMessageStreamTests
{
    [Fact]
    public void TakeContent_HandsOverTheBytesFromTheStart_AndDisposingTheWrapperLeavesThemAlone()
    {
        var content = new MemoryStream();
        var fetched = new FetchedMessageStream(content);
        fetched.Write("Subject: x\r\n\r\nbody"u8);

        var taken = fetched.TakeContent();
        fetched.Dispose();

        Assert.Same(content, taken);
        Assert.Equal(0, taken.Position);
        Assert.True(taken.CanRead, "the content must outlive the wrapper MailKit disposes");
        Assert.Throws<ObjectDisposedException>(() => fetched.TakeContent());
    }

    [Fact]
    public void Dispose_WithoutTakingTheContent_ReleasesIt()
    {
        var content = new MemoryStream();
        var fetched = new FetchedMessageStream(content);

        fetched.Dispose();

        Assert.False(content.CanRead);
        Assert.False(fetched.CanRead);
    }

    [Fact]
    public void ReadAndSeek_PassThroughToTheContent()
    {
        using var fetched = new FetchedMessageStream(new MemoryStream());
        fetched.Write("abcdef"u8);
        fetched.Position = 2;

        var buffer = new byte[3];
        var read = fetched.Read(buffer);

        Assert.Equal(3, read);
        Assert.Equal("cde"u8.ToArray(), buffer);
        Assert.Equal(6, fetched.Length);
    }
}
