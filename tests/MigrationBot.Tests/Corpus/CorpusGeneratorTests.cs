using System.Security.Cryptography;
using MailKit;
using MigrationBot.Bench.Corpus;
using MimeKit;

namespace MigrationBot.Tests.Corpus;

public sealed class CorpusGeneratorTests
{
    private static readonly CorpusOptions Small = new() { Seed = 42, Users = 2, MessagesPerUser = 40, Cases = CorpusCases.All };

    [Fact]
    public void Generate_SameSeed_GivesSameBytesAndMetadata()
    {
        var first = Fingerprint(Small);
        var second = Fingerprint(Small);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherBytes()
    {
        Assert.NotEqual(Fingerprint(Small), Fingerprint(Small with { Seed = 43 }));
    }

    [Fact]
    public void Generate_EveryMessage_ParsesWithMimeKitAndHasItsAnnouncedSize()
    {
        foreach (var message in CorpusGenerator.Generate(Small))
        {
            var bytes = message.ToArray();
            Assert.Equal(message.Size, bytes.LongLength);

            using var mime = MimeMessage.Load(new MemoryStream(bytes));
            Assert.Equal($"{message.User}/{message.Number}", mime.Headers["X-Corpus-Id"]);
            Assert.Equal(message.MessageId is null, mime.Headers[HeaderId.MessageId] is null);
        }
    }

    [Fact]
    public void Generate_EveryLine_EndsWithCrlfAndIsAtMost998Bytes()
    {
        foreach (var message in CorpusGenerator.Generate(Small))
        {
            var bytes = message.ToArray();
            var lineStart = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == '\n')
                {
                    Assert.True(i > 0 && bytes[i - 1] == '\r', $"{message}: bare LF at byte {i}");
                    Assert.True(i - lineStart - 1 <= 998, $"{message}: line longer than 998 bytes at byte {lineStart}");
                    lineStart = i + 1;
                }
                else if (bytes[i] == '\r')
                {
                    Assert.True(i + 1 < bytes.Length && bytes[i + 1] == '\n', $"{message}: bare CR at byte {i}");
                }
            }

            Assert.Equal(bytes.Length, lineStart);
        }
    }

    [Fact]
    public void Generate_AllCasesOn_EveryCaseIsPresentForEveryUser()
    {
        foreach (var user in CorpusGenerator.Generate(Small).GroupBy(m => m.User))
        {
            var messages = user.ToList();
            Assert.Contains(messages, m => m.Folder.SequenceEqual(["Projects", "2024", "Q1"]));
            Assert.Contains(messages, m => m.Folder.SequenceEqual(["Reçus"]));
            Assert.Contains(messages, m => m.Folder.SequenceEqual(["日本語"]));
            Assert.Contains(messages, m => m.Folder.SequenceEqual(["Привет"]));
            Assert.Contains(messages, m => m.Folder.Any(segment => segment.Contains('/', StringComparison.Ordinal)));
            Assert.Contains(messages, m => m.MessageId is null);
            Assert.Contains(messages, m => m.Flags.HasFlag(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged));
            Assert.Contains(messages, m => m.Flags.HasFlag(MessageFlags.Draft));
            Assert.Contains(messages, m => m.Keywords.Contains("$Forwarded") && m.Keywords.Contains("$Label1") && m.Keywords.Contains("ProjectX"));
            Assert.Contains(messages, m => m.Cases.HasFlag(CorpusCases.Attachments) && HasBase64Attachment(m));
            Assert.Contains(messages, m => m.Cases.HasFlag(CorpusCases.EightBitHeaders) && HasRawUtf8Header(m));
            Assert.True(messages.Select(m => m.InternalDate.Year).Distinct().Count() >= 3, "internal dates span several years");
            Assert.True(messages.Select(m => m.InternalDate.Offset).Distinct().Count() >= 2, "internal dates use several offsets");

            var duplicates = messages.Where(m => m.MessageId is not null).GroupBy(m => (string.Join('/', m.Folder), m.MessageId)).First(g => g.Count() > 1);
            Assert.True(duplicates.Count() >= 2);
            Assert.Equal(duplicates.Count(), duplicates.Select(m => Convert.ToHexString(SHA256.HashData(m.ToArray()))).Distinct().Count());
        }
    }

    [Fact]
    public void Generate_NoCases_GivesPlainMessagesInPlainFolders()
    {
        var messages = CorpusGenerator.Generate(Small with { Cases = CorpusCases.None }).ToList();

        Assert.All(messages, m => Assert.Equal(CorpusCases.None, m.Cases));
        Assert.All(messages, m => Assert.NotNull(m.MessageId));
        Assert.All(messages, m => Assert.Equal(MessageFlags.None, m.Flags));
        Assert.All(messages, m => Assert.Empty(m.Keywords));
        Assert.All(messages, m => Assert.Single(m.Folder));
        Assert.Equal(messages.Count, messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public void Generate_SizesStayWithinTheConfiguredRange()
    {
        var options = Small with { Users = 1, MessagesPerUser = 200, MinSize = 2048, TypicalMaxSize = 16 * 1024, MaxSize = 64 * 1024 };

        var sizes = CorpusGenerator.Generate(options).Select(m => m.Size).ToList();

        Assert.All(sizes, s => Assert.InRange(s, 2048, 64 * 1024));
        Assert.True(sizes.Count(s => s > 8 * 1024) > 10, "sizes are spread, not all at the minimum");
    }

    [Fact]
    public void Generate_UserNames_NameTheUsersInTheirHeadersAndIds()
    {
        var options = Small with { UserNames = ["alice", "bob"], Domain = "contoso.test" };

        var messages = CorpusGenerator.Generate(options).ToList();

        Assert.Equal(["alice", "bob"], messages.Select(m => m.User).Distinct());
        using var mime = MimeMessage.Load(new MemoryStream(messages.Last().ToArray()));
        Assert.Equal("bob@contoso.test", mime.To.Mailboxes.Single().Address);
        Assert.Throws<ArgumentException>(() => CorpusGenerator.Generate(Small with { UserNames = ["alice"] }));
    }

    [Fact]
    public async Task Generate_LargeMessage_IsStreamedToItsExactSizeAndParses()
    {
        var options = new CorpusOptions { Seed = 7, MessagesPerUser = 1, LargeMessagesPerUser = 1, MaxSize = 20L * 1024 * 1024, Cases = CorpusCases.Attachments };
        var message = Assert.Single(CorpusGenerator.Generate(options));
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await message.WriteToAsync(file, CancellationToken.None);
            }

            Assert.Equal(20L * 1024 * 1024, new FileInfo(path).Length);
            using var mime = await MimeMessage.LoadAsync(path, CancellationToken.None);
            var attachment = Assert.Single(mime.Attachments.OfType<MimePart>());
            Assert.Equal(ContentEncoding.Base64, attachment.ContentTransferEncoding);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ToArray_LoadedAndWrittenByMimeKit_KeepsTheBytes()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        foreach (var message in CorpusGenerator.Generate(Small with { Users = 1 }))
        {
            var bytes = message.ToArray();
            using var mime = MimeMessage.Load(new MemoryStream(bytes));
            using var written = new MemoryStream();
            mime.WriteTo(format, written);

            Assert.True(bytes.AsSpan().SequenceEqual(written.ToArray()), $"{message} changed when MimeKit wrote it back");
        }
    }

    private static bool HasBase64Attachment(CorpusMessage message)
    {
        using var mime = MimeMessage.Load(new MemoryStream(message.ToArray()));
        return mime.Attachments.OfType<MimePart>().Any(p => p.ContentTransferEncoding == ContentEncoding.Base64);
    }

    private static bool HasRawUtf8Header(CorpusMessage message)
    {
        var bytes = message.ToArray();
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        return bytes.AsSpan(0, headerEnd).ToArray().Any(b => b >= 0x80);
    }

    private static List<string> Fingerprint(CorpusOptions options) =>
        CorpusGenerator.Generate(options)
            .Select(m => $"{m.User}|{m.Number}|{string.Join('/', m.Folder)}|{m.Flags}|{string.Join(' ', m.Keywords)}|{m.InternalDate:O}|{m.Size}|"
                + Convert.ToHexString(SHA256.HashData(m.ToArray())))
            .ToList();
}
