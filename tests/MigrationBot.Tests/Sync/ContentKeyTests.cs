using MimeKit;
using MigrationBot.Engine.Sync;

namespace MigrationBot.Tests.Sync;

public sealed class ContentKeyTests
{
    private static HeaderList Headers(params (string Name, string Value)[] headers)
    {
        var list = new HeaderList();
        foreach (var (name, value) in headers)
            list.Add(name, value);
        return list;
    }

    [Fact]
    public void From_MessageId_IsNormalisedWithoutBracketsOrSpaces()
    {
        var a = ContentKey.From(Headers(("Message-ID", " <abc@example.com> ")));
        var b = ContentKey.From(Headers(("Message-Id", "<abc@example.com>"), ("Subject", "other")));

        Assert.Equal("m:abc@example.com", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void From_NoMessageId_HashesDateFromAndSubjectStably()
    {
        var a = ContentKey.From(Headers(("Date", "Mon, 1 Jan 2024 10:00:00 +0100"), ("From", "Ann <ANN@example.com>"), ("Subject", "Hello  world")));
        var b = ContentKey.From(Headers(("Date", "Mon, 01 Jan 2024 09:00:00 +0000"), ("From", "ann@example.com"), ("Subject", "Hello world")));
        var c = ContentKey.From(Headers(("Date", "Mon, 01 Jan 2024 09:00:00 +0000"), ("From", "ann@example.com"), ("Subject", "Hello there")));

        Assert.StartsWith("h:", a, StringComparison.Ordinal);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
